using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mosaic.Gateway.Hosting;

namespace Mosaic.Gateway.Tests;

/// <summary>A gateway on a loopback port of its own, as a real web host (Kestrel), stopped on dispose.</summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    private readonly CancellationTokenSource _starting;

    private GatewayHost(WebApplication app, Uri baseUrl, Task started, CancellationTokenSource starting)
    {
        App = app;
        BaseUrl = baseUrl;
        Started = started;
        _starting = starting;
    }

    public WebApplication App { get; }

    public Uri BaseUrl { get; }

    /// <summary>Completes when every service has started (the Orleans client connected).</summary>
    public Task Started { get; }

    public T Service<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public HttpClient Http(string? apiKey = GatewayFixture.ApiKey)
    {
        var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return http;
    }

    /// <summary>
    /// Builds and starts a gateway; with <paramref name="waitForCluster"/> false it returns once HTTP answers, even if the
    /// cluster never does. Its log is dropped, or with <paramref name="logs"/> kept there, every level.
    /// </summary>
    public static async Task<GatewayHost> StartAsync(GatewaySetup setup, string environment = "Production", bool waitForCluster = true, CapturedLogs? logs = null)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], EnvironmentName = environment, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
        }

        builder.AddMosaicGateway(setup);
        var app = builder.Build();
        app.MapMosaicGateway();
        var starting = new CancellationTokenSource();
        var host = new GatewayHost(app, new Uri($"http://127.0.0.1:{port}/"), app.StartAsync(starting.Token), starting);
        if (waitForCluster)
        {
            await host.Started.WaitAsync(TimeSpan.FromSeconds(60));
        }
        else
        {
            await host.WaitForHttpAsync();
        }

        return host;
    }

    private async Task WaitForHttpAsync()
    {
        using var http = Http(null);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                if ((await http.GetAsync("healthz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _starting.CancelAsync();
        try
        {
            await Started;
        }
        catch (Exception)
        {
            // a start cancelled because the cluster never answered
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await App.StopAsync(stop.Token);
        await App.DisposeAsync();
        _starting.Dispose();
    }
}

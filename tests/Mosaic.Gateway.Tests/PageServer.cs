using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mosaic.Gateway.Tests;

/// <summary>A web server of one page on its own port: an origin of its own for a browser.</summary>
internal sealed class PageServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PageServer(WebApplication app, int port) => (_app, Origin) = (app, $"http://127.0.0.1:{port}");

    public string Origin { get; }

    public Uri Url => new($"{Origin}/");

    public string Html { get; set; } = "<!doctype html><html><body></body></html>";

    public static async Task<PageServer> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new PageServer(app, port);
        app.MapGet("/", () => Results.Content(server.Html, "text/html"));
        await app.StartAsync();
        return server;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

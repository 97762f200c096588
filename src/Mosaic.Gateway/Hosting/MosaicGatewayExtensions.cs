using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Mosaic.Client;
using Mosaic.Gateway.Api;
using Mosaic.Gateway.Batches;
using Mosaic.Gateway.Chat;
using Mosaic.Gateway.Files;
using Mosaic.Gateway.Health;
using Mosaic.Gateway.Jobs;
using Mosaic.Gateway.Models;
using Mosaic.Gateway.Responses;
using Mosaic.Storage;
using Mosaic.Storage.Batches;

namespace Mosaic.Gateway.Hosting;

/// <summary>The gateway as two calls any web host makes: <see cref="AddMosaicGateway"/> on the builder, <see cref="MapMosaicGateway"/> on the app.</summary>
public static class MosaicGatewayExtensions
{
    /// <summary>
    /// How long the gateway's reads and watches keep asking a cluster that does not answer, unless
    /// <c>Mosaic:Client:ClusterPatience</c> says otherwise: an HTTP client gets its 503 (with <c>Retry-After</c>) and asks
    /// again itself, rather than hold its request through an application client's default two minutes.
    /// </summary>
    internal static readonly TimeSpan ClusterPatience = TimeSpan.FromSeconds(10);

    /// <summary>
    /// An Orleans client of the cluster (it keeps trying to connect, so the gateway starts before the silos and says
    /// so on <c>/readyz</c>), the store of files and batches, the batch scan, JSON, OpenAPI and metrics.
    /// </summary>
    /// <exception cref="GatewayConfigurationException">A setting is invalid; the message names it in one line.</exception>
    public static WebApplicationBuilder AddMosaicGateway(this WebApplicationBuilder builder, GatewaySetup? setup = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        setup ??= new GatewaySetup();
        var configuration = builder.Configuration;
        var (cluster, storage, gateway, pool) = Resolve(setup, configuration);
        var required = gateway.RequireApiKey ?? !builder.Environment.IsDevelopment();
        if (required && gateway.ApiKeys.Count == 0)
        {
            throw new GatewayConfigurationException(
                $"{GatewayOptions.SectionName}:ApiKeys is empty in the {builder.Environment.EnvironmentName} environment: set at least one key (or run in Development).");
        }

        var serviceId = setup.ServiceId ?? cluster.EffectiveServiceId;
        // Started together, so the web server answers (/readyz says why not ready) while the client still connects.
        // Stopped one after another in reverse order, the web server first: it drains the requests in flight while the
        // cluster client they wait on is still there (stopped together, SIGTERM failed them all).
        builder.Services.Configure<HostOptions>(host => (host.ServicesStartConcurrently, host.ServicesStopConcurrently) = (true, false));
        ServerStartWatch.Add(builder.Services, setup.KeepBindFailure);
        builder.AddMosaicClient(cluster);
        builder.Services.AddSingleton(storage);
        builder.Services.AddSingleton<SchemaInstaller>();
        builder.Services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<SchemaInstaller>());
        builder.Services.AddSingleton(BatchStores.Create(storage, serviceId));
        builder.Services.AddSingleton(gateway);
        builder.Services.AddSingleton(Options.Create(gateway));
        builder.Services.AddSingleton(new PoolCatalog(pool));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ChatRequestReader>();
        builder.Services.AddSingleton<ShutdownDeadline>();
        builder.Services.AddSingleton<ChatService>();
        builder.Services.AddSingleton<ChatJobRetention>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<ChatJobRetention>());
        builder.Services.AddSingleton<ResponseRequestReader>();
        builder.Services.AddSingleton<BatchFileParser>();
        builder.Services.AddSingleton<BatchService>();
        builder.Services.AddSingleton<ReadinessProbe>();
        builder.Services.AddSingleton<WarmUpState>();
        builder.Services.AddHostedService<GatewayWarmUp>();
        builder.Services.AddHostedService<BatchFinalizer>();
        builder.Services.ConfigureHttpJsonOptions(json => GatewayJson.Configure(json.SerializerOptions));
        // A query value of the wrong type (?limit=abc) reaches ErrorMiddleware as an exception in every environment:
        // outside Development ASP.NET answered it with an empty 400 body.
        builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi();
        GatewayCors.Add(builder.Services, gateway);
        GatewayTelemetry.Add(builder, gateway);
        return builder;
    }

    /// <summary>An access line per request, request ids, CORS when origins are allowed, errors in OpenAI's shape, API keys on <c>/v1</c>, every endpoint, <c>/openapi/v1.json</c> and <c>/metrics</c>.</summary>
    public static WebApplication MapMosaicGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<AccessLogMiddleware>(); // first: it sees the status every later part set, and the whole duration
        app.UseMiddleware<RequestIdMiddleware>();
        GatewayCors.Use(app); // before the API key: a browser's preflight carries none
        app.UseMiddleware<ErrorMiddleware>();
        app.UseMiddleware<ApiKeyMiddleware>();
        ModelsEndpoints.Map(app);
        ChatEndpoints.Map(app);
        ResponsesEndpoints.Map(app);
        FilesEndpoints.Map(app);
        BatchesEndpoints.Map(app);
        JobsEndpoints.Map(app);
        HealthEndpoints.Map(app);
        app.MapOpenApi();
        GatewayTelemetry.Map(app);
        RequestDelegate unmatched = context => throw UnmatchedRequest.Error(context.Request, context.RequestServices.GetRequiredService<EndpointDataSource>());
        app.MapFallback(unmatched);
        return app;
    }

    private static (MosaicClientOptions, MosaicStorageOptions, GatewayOptions, PoolOptions) Resolve(GatewaySetup setup, IConfiguration configuration)
    {
        try
        {
            var cluster = setup.Cluster ?? MosaicClientOptions.FromConfiguration(configuration);
            cluster.ConnectRetryInterval ??= TimeSpan.FromSeconds(1);
            cluster.ClusterPatience ??= ClusterPatience;
            cluster.Validate();
            var storage = setup.Storage ?? MosaicStorageOptions.FromConfiguration(configuration);
            storage.Validate();
            var gateway = setup.Gateway ?? GatewayOptions.FromConfiguration(configuration);
            setup.AdjustGateway?.Invoke(gateway);
            var pool = setup.Pool ?? Bind<PoolOptions>(configuration, PoolOptions.SectionName);
            return (cluster, storage, gateway.Validate(), pool.Validate());
        }
        catch (Exception e) when (e is MosaicClientException or MosaicStorageException or InvalidOperationException)
        {
            throw new GatewayConfigurationException(e.Message);
        }
    }

    private static T Bind<T>(IConfiguration configuration, string section)
        where T : new()
    {
        var options = new T();
        configuration.GetSection(section).Bind(options);
        return options;
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Mosaic.Abstractions;
using OpenTelemetry.Metrics;

namespace Mosaic.Gateway.Hosting;

/// <summary>Metrics of the gateway process, exported for Prometheus at <c>/metrics</c>.</summary>
internal static class GatewayTelemetry
{
    /// <summary>
    /// ASP.NET Core's request and connection meters, Orleans' meter (the client's messages) and Mosaic's. In one process
    /// with silos, as in <c>mosaic serve</c>, the silos' Orleans and Mosaic metrics are exported here too.
    /// </summary>
    public static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.Orleans",
        MosaicMeter.Name,
    ];

    public static void Add(WebApplicationBuilder builder) =>
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(Meters).AddPrometheusExporter());

    public static void Map(WebApplication app) => app.MapPrometheusScrapingEndpoint("/metrics");
}

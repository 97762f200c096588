using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Mosaic.Abstractions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Mosaic.Gateway.Hosting;

/// <summary>
/// Metrics of the gateway process, exported for Prometheus at <c>/metrics</c>; with <see cref="GatewayOptions.OtlpEndpoint"/>,
/// metrics and traces over OTLP as well.
/// </summary>
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

    /// <summary>
    /// A request's span (ASP.NET Core's, parented by an incoming <c>traceparent</c>), the Orleans client's calls it makes
    /// (which carry the trace into the silos: <c>AddActivityPropagation</c>) and, in one process with silos, the jobs' own spans.
    /// </summary>
    public static readonly string[] TraceSources = ["Microsoft.AspNetCore", "Microsoft.Orleans.Application", MosaicActivitySource.Name];

    public const string ServiceName = "mosaic-gateway";

    public static void Add(WebApplicationBuilder builder, GatewayOptions options)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics =>
            {
                // Chat requests last as long as their generations, minutes for a reasoning mixture: ASP.NET Core's default
                // buckets end at 10 s, which put every such request in +Inf.
                metrics.AddMeter(Meters).AddPrometheusExporter()
                    .AddView("http.server.request.duration", new ExplicitBucketHistogramConfiguration { Boundaries = [.. MosaicMeter.SecondsBuckets] });
                if (options.OtlpEndpoint is { } endpoint)
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = endpoint);
                }
            });
        if (options.OtlpEndpoint is { } traces)
        {
            telemetry.WithTracing(tracing => tracing.AddSource(TraceSources).AddOtlpExporter(o => o.Endpoint = traces));
        }
    }

    public static void Map(WebApplication app) => app.MapPrometheusScrapingEndpoint("/metrics");
}

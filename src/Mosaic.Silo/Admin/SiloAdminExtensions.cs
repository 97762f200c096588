using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mosaic.Grains.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Dashboard;
using Orleans.Runtime;

namespace Mosaic.Silo.Admin;

/// <summary>
/// Wires the silo's operations surface: one Kestrel listener on the admin port with /healthz, /readyz, /metrics
/// (Prometheus text: the <c>Microsoft.Orleans</c> and <c>Mosaic</c> meters) and, when enabled, the Orleans dashboard
/// at /dashboard/ behind HTTP Basic; OTLP export of metrics and job traces when an endpoint is set; JSON console logs.
/// </summary>
internal static class SiloAdminExtensions
{
    private const string DashboardPolicy = "dashboard";

    public static WebApplicationBuilder AddSiloAdmin(this WebApplicationBuilder builder, SiloAdminOptions admin, string siloName)
    {
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenAnyIP(admin.Port));

        // The admin listener answers while the silo is still joining (/healthz 200, /readyz 503), not only after.
        builder.Services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);
        if (admin.JsonLogs)
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("mosaic-silo", serviceInstanceId: siloName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter("Microsoft.Orleans", MosaicTelemetry.MeterName).AddPrometheusExporter();
                if (admin.OtlpEndpoint is { } endpoint)
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = endpoint);
                }
            });
        if (admin.OtlpEndpoint is { } traces)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(MosaicTelemetry.ActivitySourceName, "Microsoft.Orleans.Application")
                .AddOtlpExporter(o => o.Endpoint = traces));
        }

        builder.Services.AddSingleton<SiloReadiness>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(s => s.GetRequiredService<SiloReadiness>());
        if (admin.Credentials is { } credentials)
        {
            builder.Services.AddSingleton(credentials);
            builder.Services.AddAuthentication(BasicAuthenticationHandler.Name)
                .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(BasicAuthenticationHandler.Name, null);
            builder.Services.AddAuthorization(o => o.AddPolicy(DashboardPolicy, p => p.RequireAuthenticatedUser()));
        }

        return builder;
    }

    /// <summary>Silo-side parts: the dashboard's grain service (needed on every silo), Kubernetes hosting, trace propagation.</summary>
    public static ISiloBuilder AddSiloAdmin(this ISiloBuilder silo, SiloAdminOptions admin)
    {
        if (admin.Dashboard)
        {
            silo.AddDashboard();
        }

        if (admin.KubernetesHosting)
        {
            silo.UseKubernetesHosting();
        }

        if (admin.OtlpEndpoint is not null)
        {
            silo.AddActivityPropagation();
        }

        return silo;
    }

    public static WebApplication MapSiloAdmin(this WebApplication app, SiloAdminOptions admin)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", (SiloReadiness readiness) =>
        {
            var (ready, status, active, silo) = readiness.Check();
            var body = new { ready, status, silo, activeSilos = active };
            return Results.Json(body, JsonSerializerOptions.Web, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        app.MapPrometheusScrapingEndpoint();
        if (admin.Dashboard)
        {
            var dashboard = app.MapOrleansDashboard(SiloAdminOptions.DashboardPath);
            if (admin.Credentials is not null)
            {
                dashboard.RequireAuthorization(DashboardPolicy);
            }
        }

        return app;
    }
}

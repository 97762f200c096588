using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Mosaic.Gateway.Hosting;

namespace Mosaic.Gateway.Health;

/// <summary><c>/healthz</c>: the process answers. <c>/readyz</c>: the cluster is reachable, has workers and the pool's models, and the gateway has warmed up (503 otherwise).</summary>
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        // HEAD too: load balancers and uptime checks probe with it.
        app.MapMethods("/healthz", [HttpMethods.Get, HttpMethods.Head], () => TypedResults.Json(new { status = "ok" }))
            .WithName("Health")
            .WithSummary("The gateway process is up.");
        app.MapMethods("/readyz", [HttpMethods.Get, HttpMethods.Head], async (ReadinessProbe probe, CancellationToken ct) =>
            {
                var readiness = await probe.CheckAsync(ct);
                return TypedResults.Json(readiness, GatewayJson.Options, statusCode: readiness.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
            })
            .WithName("Ready")
            .WithSummary("200 when the cluster is reachable, has at least one worker, knows every model of the pool and the warm-up (if configured) has ended; 503 otherwise.")
            .Produces<Readiness>()
            .Produces<Readiness>(StatusCodes.Status503ServiceUnavailable);
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Mosaic.Gateway.Hosting;

/// <summary>
/// Cross-origin access for the origins in <see cref="GatewayOptions.AllowedOrigins"/> (ASP.NET Core's CORS middleware):
/// the API's methods, any request header (<c>Authorization</c> among them), the request id readable by the page.
/// Nothing is added when no origin is allowed.
/// </summary>
internal static class GatewayCors
{
    private static readonly TimeSpan PreflightMaxAge = TimeSpan.FromMinutes(10);

    public static void Add(IServiceCollection services, GatewayOptions gateway)
    {
        if (gateway.AllowedOrigins.Count == 0)
        {
            return;
        }

        services.AddCors(cors => cors.AddDefaultPolicy(policy =>
        {
            if (gateway.AllowedOrigins.Contains("*"))
            {
                policy.AllowAnyOrigin();
            }
            else
            {
                policy.WithOrigins([.. gateway.AllowedOrigins.Select(origin => origin.TrimEnd('/'))]);
            }

            policy.WithMethods("GET", "POST", "DELETE").AllowAnyHeader().WithExposedHeaders(RequestIdMiddleware.Header).SetPreflightMaxAge(PreflightMaxAge);
        }));
    }

    public static void Use(WebApplication app)
    {
        if (app.Services.GetRequiredService<GatewayOptions>().AllowedOrigins.Count > 0)
        {
            app.UseCors();
        }
    }
}

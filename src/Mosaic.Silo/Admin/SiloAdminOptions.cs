using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Mosaic.Hosting;

namespace Mosaic.Silo.Admin;

/// <summary>
/// The silo's operations surface, read from configuration: the admin HTTP port (<c>Silo:AdminPort</c>, set by
/// <c>--admin-port</c>; /healthz, /readyz, /metrics, and the dashboard when enabled), <c>Silo:Dashboard:Enabled</c>
/// with <c>Silo:Dashboard:Username</c> / <c>Password</c> (required outside Development), <c>Silo:OtlpEndpoint</c>
/// (metrics and traces over OTLP, off when empty), <c>Silo:JsonLogs</c> (default: on in containers) and
/// <c>Silo:KubernetesHosting</c>.
/// </summary>
internal sealed record SiloAdminOptions(
    int Port,
    bool Dashboard,
    DashboardCredentials? Credentials,
    Uri? OtlpEndpoint,
    bool JsonLogs,
    bool KubernetesHosting)
{
    public const string DashboardPath = "/dashboard";

    public static SiloAdminOptions From(IConfiguration configuration, IHostEnvironment environment, int port)
    {
        var dashboard = Flag(configuration, "Silo:Dashboard:Enabled", false);
        var (user, password) = (configuration["Silo:Dashboard:Username"], configuration["Silo:Dashboard:Password"]);
        DashboardCredentials? credentials = null;
        if (!string.IsNullOrEmpty(user) || !string.IsNullOrEmpty(password))
        {
            credentials = string.IsNullOrEmpty(user) || string.IsNullOrEmpty(password) || user.Contains(':')
                ? throw new SiloConfigurationException("Silo:Dashboard:Username and Silo:Dashboard:Password must both be set (and the user name hold no ':')")
                : new DashboardCredentials(user, password);
        }
        else if (dashboard && !environment.IsDevelopment())
        {
            throw new SiloConfigurationException(
                $"the dashboard is never served without credentials outside Development (environment '{environment.EnvironmentName}'): set Silo:Dashboard:Username and Silo:Dashboard:Password");
        }

        Uri? otlp = null;
        if (configuration["Silo:OtlpEndpoint"] is { Length: > 0 } text && !Uri.TryCreate(text, UriKind.Absolute, out otlp))
        {
            throw new SiloConfigurationException($"Silo:OtlpEndpoint '{text}' is not an absolute URL");
        }

        var inContainer = string.Equals(Environment.GetEnvironmentVariable("DOTNET_RUNNING_IN_CONTAINER"), "true", StringComparison.OrdinalIgnoreCase);
        return new SiloAdminOptions(port, dashboard, credentials, otlp, Flag(configuration, "Silo:JsonLogs", inContainer), Flag(configuration, "Silo:KubernetesHosting", false));
    }

    private static bool Flag(IConfiguration configuration, string key, bool fallback) => configuration[key] switch
    {
        null or "" => fallback,
        var text when bool.TryParse(text, out var value) => value,
        var text => throw new SiloConfigurationException($"{key} must be true or false, got '{text}'"),
    };
}

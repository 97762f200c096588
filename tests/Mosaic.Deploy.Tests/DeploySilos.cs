using Mosaic.Benchmarks.Processes;

namespace Mosaic.Deploy.Tests;

/// <summary>Silo processes as the deployment tests start them: Production, in-memory storage, localhost clustering.</summary>
internal static class DeploySilos
{
    /// <summary>
    /// Starts silo <paramref name="worker"/> on the ports from <paramref name="ports"/> onward (silo, gateway, admin),
    /// clustering on localhost with <paramref name="primaryPort"/> (its own silo port by default) as the primary.
    /// <paramref name="settings"/> (configuration keys, <c>:</c> or <c>__</c>) override these.
    /// </summary>
    public static SiloProcess Start(string worker, int ports, int? primaryPort = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Mosaic:Storage:Provider"] = "memory",
            ["Silo:AdminPort"] = $"{ports + 2}",
            ["Silo:PrimarySiloPort"] = $"{primaryPort ?? ports}",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key.Replace("__", ":", StringComparison.Ordinal)] = value;
        }

        return SiloProcess.Start(new SiloProcessOptions(worker, ports, ports + 1) { Settings = all, SiloPath = Repository.SiloDll });
    }
}

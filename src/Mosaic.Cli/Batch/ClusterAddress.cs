using System.Data.Common;
using System.Text.RegularExpressions;
using Mosaic.Client;
using Mosaic.Storage;

namespace Mosaic.Cli.Batch;

/// <summary>
/// A running cluster as <c>--cluster</c> names it (<c>mosaic run</c>, <c>mosaic serve</c>):
/// <c>localhost:PORT[,PORT…]</c> (silo gateways on this machine, localhost clustering), <c>sqlite:FOLDER</c> (SQLite
/// membership in that data folder) or <c>postgres:CONNECTION-STRING</c>. Without ids, the silos' own defaults:
/// <see cref="MosaicClientOptions.LocalhostId"/> for localhost clustering (what a <c>Mosaic.Silo</c> on localhost
/// clustering runs with; until 2026-12-06 <c>dev</c>, so such a silo was never found without <c>--cluster-id</c>),
/// <see cref="MosaicStorageOptions.DefaultClusterId"/> with a database; each id given alone leaves the other at its default.
/// Without <c>--cluster</c>, <see cref="EnvironmentVariable"/>: a connection string there is not on a command line that
/// every user of the machine can read.
/// </summary>
internal sealed partial record ClusterAddress(string Text, string Source, MosaicClientOptions Client, MosaicStorageOptions Store)
{
    public const string EnvironmentVariable = "MOSAIC_CLUSTER";

    public const string OptionName = "--cluster";

    /// <summary>The address as reports and errors show it: a PostgreSQL connection string's password masked.</summary>
    public string Shown => Masked(Text);

    /// <summary><paramref name="option"/> when given, else <see cref="EnvironmentVariable"/> when set, else no running cluster.</summary>
    /// <exception cref="UsageException">The address is malformed.</exception>
    public static ClusterAddress? FromOptionOrEnvironment(string? option, string? clusterId, string? serviceId) =>
        option is not null ? Parse(option, clusterId, serviceId)
        : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } variable ? Parse(variable, clusterId, serviceId, $"${EnvironmentVariable}")
        : null;

    /// <exception cref="UsageException">The address is malformed.</exception>
    public static ClusterAddress Parse(string address, string? clusterId, string? serviceId, string source = OptionName)
    {
        var separator = address.IndexOf(':', StringComparison.Ordinal);
        var (scheme, rest) = separator < 0 ? (address, "") : (address[..separator], address[(separator + 1)..]);
        switch (scheme)
        {
            case "localhost":
                var ports = rest.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(p => int.TryParse(p, out var port) && port is > 0 and < 65536 ? port : throw new UsageException($"{source}: '{p}' is not a gateway port"))
                    .ToArray();
                if (ports.Length == 0)
                {
                    throw new UsageException($"{source} localhost: needs at least one gateway port, e.g. localhost:30000");
                }

                // Localhost silos keep their jobs in their own store; a gateway in front of them keeps files and batches in memory.
                return new ClusterAddress(
                    address,
                    source,
                    new MosaicClientOptions { Clustering = MosaicClustering.Localhost, GatewayPorts = ports, ClusterId = clusterId, ServiceId = serviceId },
                    new MosaicStorageOptions { Provider = MosaicStorageProvider.Memory });
            case "sqlite" or "postgres" when rest.Length > 0:
                var sqlite = scheme == "sqlite";
                if (!sqlite && !IsConnectionString(rest))
                {
                    throw new UsageException($"{source} postgres: '{Masked(rest)}' is not a connection string of Key=Value; pairs "
                        + "(e.g. Host=127.0.0.1;Database=mosaic;Username=mosaic;Password=...); URLs are not read");
                }

                return new ClusterAddress(
                    address,
                    source,
                    new MosaicClientOptions
                    {
                        Clustering = sqlite ? MosaicClustering.Sqlite : MosaicClustering.Postgres,
                        DataFolder = sqlite ? rest : "data",
                        ConnectionString = sqlite ? null : rest,
                        ClusterId = clusterId ?? MosaicStorageOptions.DefaultClusterId,
                        ServiceId = serviceId ?? MosaicStorageOptions.DefaultServiceId,
                    },
                    new MosaicStorageOptions
                    {
                        Provider = sqlite ? MosaicStorageProvider.Sqlite : MosaicStorageProvider.Postgres,
                        DataFolder = sqlite ? rest : "data",
                        ConnectionString = sqlite ? null : rest,
                    });
            default:
                throw new UsageException($"{source} must be localhost:PORT[,PORT...], sqlite:FOLDER or postgres:CONNECTION-STRING, got '{Masked(address)}'");
        }
    }

    private static bool IsConnectionString(string text)
    {
        try
        {
            _ = new DbConnectionStringBuilder { ConnectionString = text };
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string Masked(string address) => UrlPassword().Replace(PasswordSetting().Replace(address, "$1=***"), "$1:***@");

    /// <summary>A password setting's whole value: a quoted one may hold ';' (and doubled quotes); an unclosed quote runs to the end.</summary>
    [GeneratedRegex("""(?i)(password|pwd)\s*=\s*("(?:[^"]|"")*"|'(?:[^']|'')*'|["'].*|[^;]*)""")]
    private static partial Regex PasswordSetting();

    /// <summary>The password of a URL's user information (<c>scheme://user:password@host</c>).</summary>
    [GeneratedRegex("(://[^:/@\\s]*):[^@/\\s]*@")]
    private static partial Regex UrlPassword();
}

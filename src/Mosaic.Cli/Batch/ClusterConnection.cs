using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mosaic.Abstractions;
using Mosaic.Client;
using Mosaic.Hosting;
using Mosaic.Hosting.Pools;
using Mosaic.Storage;

namespace Mosaic.Cli.Batch;

/// <summary>
/// Where <c>mosaic run</c> sends its job: an embedded cluster started for it (SQLite store in a data folder), or a
/// running cluster joined as an Orleans client. <c>--cluster</c> names the running cluster:
/// <c>localhost:PORT[,PORT…]</c> (silo gateways on this machine, localhost clustering),
/// <c>sqlite:FOLDER</c> (SQLite membership in that data folder) or <c>postgres:CONNECTION-STRING</c>.
/// </summary>
internal sealed partial class ClusterConnection : IAsyncDisposable
{
    /// <summary>How long joining a running cluster may take before <c>mosaic run</c> gives up with one line.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(20);

    /// <summary>The cluster and service id Orleans' localhost clustering uses unless told otherwise.</summary>
    private const string LocalhostClusterId = "dev";

    private readonly IAsyncDisposable _owner;

    private ClusterConnection(IMosaicClient client, IAsyncDisposable owner, string description)
    {
        Client = client;
        _owner = owner;
        Description = description;
    }

    public IMosaicClient Client { get; }

    public string Description { get; }

    public static async Task<ClusterConnection> EmbeddedAsync(PoolConfig pool, string dataFolder, CancellationToken cancellationToken)
    {
        var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions
        {
            Workers = pool.Workers,
            Grains = pool.Grains,
            Storage = new MosaicStorageOptions { Provider = MosaicStorageProvider.Sqlite, DataFolder = dataFolder },
        }, cancellationToken);
        return new ClusterConnection(cluster.Mosaic, cluster, $"an embedded cluster of {pool.Workers} worker silos (store: {dataFolder})");
    }

    /// <summary>
    /// Joins a running cluster. Without ids, the silos' own defaults: Orleans' <c>dev</c> for localhost clustering, and
    /// the silo host's <see cref="MosaicStorageOptions.DefaultClusterId"/> with database clustering.
    /// </summary>
    /// <exception cref="UsageException">The cluster address is malformed.</exception>
    public static async Task<ClusterConnection> JoinAsync(string address, string? clusterId, string? serviceId, CancellationToken cancellationToken)
    {
        var separator = address.IndexOf(':', StringComparison.Ordinal);
        var (scheme, rest) = separator < 0 ? (address, "") : (address[..separator], address[(separator + 1)..]);
        clusterId ??= scheme == "localhost" ? LocalhostClusterId : MosaicStorageOptions.DefaultClusterId;
        serviceId ??= scheme == "localhost" ? LocalhostClusterId : MosaicStorageOptions.DefaultServiceId;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client =>
        {
            switch (scheme)
            {
                case "localhost":
                    var ports = rest.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(p => int.TryParse(p, out var port) && port is > 0 and < 65536 ? port : throw new UsageException($"--cluster: '{p}' is not a gateway port"))
                        .ToArray();
                    if (ports.Length == 0)
                    {
                        throw new UsageException("--cluster localhost: needs at least one gateway port, e.g. localhost:30000");
                    }

                    client.UseLocalhostClustering(ports, serviceId, clusterId);
                    break;
                case "sqlite" or "postgres" when rest.Length > 0:
                    client.UseMosaicClustering(new MosaicClientOptions
                    {
                        Clustering = scheme == "sqlite" ? MosaicClustering.Sqlite : MosaicClustering.Postgres,
                        DataFolder = scheme == "sqlite" ? rest : "data",
                        ConnectionString = scheme == "postgres" ? rest : null,
                        ClusterId = clusterId,
                        ServiceId = serviceId,
                    });
                    break;
                default:
                    throw new UsageException($"--cluster must be localhost:PORT[,PORT...], sqlite:FOLDER or postgres:CONNECTION-STRING, got '{address}'");
            }
        });
        var host = builder.Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            await host.StartAsync(timeout.Token);
            var client = new MosaicClient(host.Services.GetRequiredService<IClusterClient>());
            await client.GetClusterStatusAsync().WaitAsync(timeout.Token);
            return new ClusterConnection(client, new HostOwner(host), $"the cluster at {Shown(address)}");
        }
        catch (Exception e) when (e is not UsageException && !cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            var why = timeout.IsCancellationRequested ? $"no silo answered within {ConnectTimeout.TotalSeconds:0} s" : e.Message;
            throw new UsageException(
                $"--cluster {Shown(address)}: cannot connect to cluster id '{clusterId}', service id '{serviceId}' ({why}); `mosaic serve` prints its ports and ids on stderr");
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _owner.DisposeAsync();

    /// <summary>The address as reports and errors show it: a PostgreSQL connection string's password masked.</summary>
    internal static string Shown(string address) => PasswordSetting().Replace(address, "$1=***");

    [GeneratedRegex("(?i)(password|pwd)\\s*=[^;]*")]
    private static partial Regex PasswordSetting();

    private sealed class HostOwner(IHost host) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
        }
    }
}

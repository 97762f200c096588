using System.Net;
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
/// running cluster (<see cref="ClusterAddress"/>) joined as an Orleans client.
/// </summary>
internal sealed class ClusterConnection : IAsyncDisposable
{
    private readonly IAsyncDisposable _owner;

    private ClusterConnection(IMosaicClient client, IAsyncDisposable owner, string description, bool outlivesThisProcess)
    {
        Client = client;
        _owner = owner;
        Description = description;
        OutlivesThisProcess = outlivesThisProcess;
    }

    public IMosaicClient Client { get; }

    public string Description { get; }

    /// <summary>
    /// The cluster runs in its own processes (<see cref="JoinAsync"/>): when it stops answering, its silos may come back
    /// and resume the job, so the run waits for them; an embedded cluster ends with this process.
    /// </summary>
    public bool OutlivesThisProcess { get; }

    /// <param name="temporary">The store is deleted at the end of the run: the description does not name it.</param>
    public static async Task<ClusterConnection> EmbeddedAsync(PoolConfig pool, string dataFolder, bool temporary, CancellationToken cancellationToken)
    {
        var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions
        {
            Workers = pool.Workers,
            Grains = pool.Grains,
            Storage = new MosaicStorageOptions { Provider = MosaicStorageProvider.Sqlite, DataFolder = dataFolder },
        }, cancellationToken);
        return new ClusterConnection(cluster.Mosaic, cluster, $"an embedded cluster of {Counted.Of(pool.Workers, "worker silo")} ({(temporary ? "a temporary store" : $"store: {dataFolder}")})", outlivesThisProcess: false);
    }

    /// <summary>Joins a running cluster (<see cref="ClusterAddress"/>).</summary>
    /// <exception cref="UsageException">No silo answers.</exception>
    /// <exception cref="MosaicStorageException">The cluster's PostgreSQL store cannot be reached.</exception>
    public static async Task<ClusterConnection> JoinAsync(ClusterAddress cluster, CancellationToken cancellationToken)
    {
        // A wrong password or an unreachable database is said as the silos and the gateway say it, not as a cluster that
        // does not answer with a hint about cluster ids.
        await SqlSchemaInstaller.CheckReachableAsync(cluster.Store, cancellationToken);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // The client's start gives up after its ConnectTimeout (20 s) with one line naming the cluster and why.
        builder.UseOrleansClient(client => client.UseMosaicClustering(cluster.Client));
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
            var client = new MosaicClient(host.Services.GetRequiredService<IClusterClient>());
            await client.GetClusterStatusAsync().WaitAsync(cluster.Client.ConnectTimeout, cancellationToken);
            return new ClusterConnection(client, new HostOwner(host), $"the cluster at {cluster.Shown}", outlivesThisProcess: true);
        }
        catch (Exception e) when (e is not UsageException && !cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            var why = e is ClusterUnavailableException
                ? e.Message.TrimEnd('.')
                : $"cannot connect to cluster id '{cluster.Client.EffectiveClusterId}', service id '{cluster.Client.EffectiveServiceId}' ({ErrorText.FirstLine(e.Message)})";
            throw new UsageException($"{cluster.Source} {cluster.Shown}: {why}; `mosaic serve` prints its ports and ids on stderr");
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _owner.DisposeAsync();

    private sealed class HostOwner(IHost host) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
        }
    }
}

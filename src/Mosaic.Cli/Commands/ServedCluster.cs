using Mosaic.Cli.Batch;
using Mosaic.Client;
using Mosaic.Hosting;
using Mosaic.Storage;

namespace Mosaic.Cli.Commands;

/// <summary>
/// The cluster <c>mosaic serve</c> puts its gateway in front of: an embedded one it starts (and stops), or a running
/// one it only joins. Either way: how a client finds it, where the gateway keeps files and batches (the silos' store),
/// and the address Orleans clients can use.
/// </summary>
internal sealed class ServedCluster : IAsyncDisposable
{
    private const string EmbeddedServiceId = "mosaic";

    private readonly EmbeddedCluster? _embedded;

    private ServedCluster(EmbeddedCluster? embedded, ClusterAddress address, int? workers, string description)
    {
        _embedded = embedded;
        Address = address;
        Workers = workers;
        Description = description;
    }

    public ClusterAddress Address { get; }

    public MosaicClientOptions Client => Address.Client;

    public MosaicStorageOptions Store => Address.Store;

    /// <summary>The embedded cluster's workers; null for a running cluster (it has the silos it has).</summary>
    public int? Workers { get; }

    public string Description { get; }

    public static async Task<ServedCluster> StartAsync(ServeSettings settings, TextWriter stderr, CancellationToken stop)
    {
        if (settings.Cluster is { } running)
        {
            stderr.WriteLine($"serve: joining the cluster at {running.Shown}");
            return new ServedCluster(null, running, null, $"the cluster at {running.Shown}");
        }

        var store = new MosaicStorageOptions { Provider = MosaicStorageProvider.Sqlite, DataFolder = settings.DataFolder };
        stderr.WriteLine($"serve: starting {Counted.Of(settings.Workers, "worker")} ({settings.Grains.Backend.ToString().ToLowerInvariant()} backend), data in {Path.GetFullPath(settings.DataFolder)}");
        var cluster = await EmbeddedCluster.StartAsync(
            new EmbeddedClusterOptions { Workers = settings.Workers, Grains = settings.Grains, Storage = store, ServiceId = EmbeddedServiceId, FirstPort = settings.OrleansPort }, stop);
        var address = new ClusterAddress($"localhost:{string.Join(',', cluster.GatewayPorts)}", ClusterAddress.OptionName, cluster.ClientOptions(), store);
        return new ServedCluster(cluster, address, settings.Workers, Counted.Of(settings.Workers, "worker"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_embedded is not null)
        {
            await _embedded.DisposeAsync();
        }
    }
}

using Mosaic.Abstractions;
using Mosaic.Client;
using Mosaic.Grains.Hosting;
using Orleans.TestingHost;

namespace Mosaic.Integration.Tests;

/// <summary>Four silos = four emulated GPU workers (gpu0 … gpu3), started once per test collection.</summary>
public sealed class EmulatedClusterFixture : IAsyncLifetime
{
    public const double TimeScale = 0.01;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public MosaicClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = ClusterFactory.Build(4, worker => TestProfiles.Emulated(worker, TimeScale));
        await Cluster.DeployAsync();
        await ClusterFactory.WaitForWorkersAsync(Cluster, 4);
        Client = new MosaicClient(Cluster.Client);
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

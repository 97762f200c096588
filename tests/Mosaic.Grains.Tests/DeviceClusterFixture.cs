using Microsoft.Extensions.DependencyInjection;
using Mosaic.Grains.Hosting;
using Mosaic.Grains.Placement;
using Mosaic.Storage.Jobs;
using Orleans.TestingHost;

namespace Mosaic.Grains.Tests;

/// <summary>
/// A two-silo cluster (silo n = worker gpu{n}) registered by <see cref="MosaicSiloBuilderExtensions.AddMosaicGrains"/>
/// with the emulated test pool, both silos sharing one job store test double. Tests use their own job ids.
/// </summary>
public sealed class DeviceClusterFixture : IAsyncLifetime
{
    private InProcessTestCluster? _cluster;

    internal JobStoreDouble Store { get; } = new();

    public IGrainFactory Grains => _cluster!.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((siloOptions, silo) =>
        {
            var worker = $"gpu{siloOptions.SiloName[(siloOptions.SiloName.LastIndexOf('_') + 1)..]}";
            silo.AddMosaicGrains(TestOptions.Emulated(o => o.Worker = worker));
            silo.Services.AddSingleton<IJobStore>(Store);
            silo.Services.AddSingleton<Backends.IEmulatedJobSource, TestJobs>();
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        await DeviceHarness.Until(
            () => _cluster.GetActiveSilos().All(s => _cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<WorkerDirectory>().ActiveWorkers().Count == 2),
            "both workers are known to both silos");
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

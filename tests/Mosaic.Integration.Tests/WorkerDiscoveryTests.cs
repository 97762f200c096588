using Microsoft.Extensions.DependencyInjection;
using Mosaic.Abstractions.Jobs;
using Mosaic.Client;
using Mosaic.Grains.Hosting;
using Mosaic.Grains.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Mosaic.Integration.Tests;

/// <summary>
/// Orleans fetches a silo's metadata once when it joins and, after a failed fetch, not again until membership changes.
/// Every silo here has a metadata cache whose fetches all failed: the workers must still be found, with their memory,
/// and serve a job.
/// </summary>
public sealed class WorkerDiscoveryTests
{
    [Fact]
    public async Task MetadataCacheKnowsNoSilo_WorkersFoundByAskingTheSilos_AndAJobCompletes()
    {
        var cluster = ClusterFactory.Build(3, worker => TestProfiles.Emulated(worker, timeScale: 0.01), (_, silo) =>
        {
            silo.AddMemoryGrainStorage(MosaicStorageNames.Grains);
            var cache = silo.Services.Single(d => d.ServiceType == typeof(ISiloMetadataCache));
            silo.Services.Remove(cache);
            silo.Services.AddSingleton<ISiloMetadataCache, BlindSiloMetadataCache>();
        });
        await using var _ = cluster;
        await cluster.DeployAsync();

        await ClusterFactory.WaitForWorkersAsync(cluster, 3);
        foreach (var host in cluster.GetActiveSilos())
        {
            var directory = cluster.GetSiloServiceProvider(host.SiloAddress).GetRequiredService<WorkerDirectory>();
            Assert.Equal(["gpu0", "gpu1", "gpu2"], directory.ActiveWorkers().Keys.Order(StringComparer.Ordinal));
            Assert.All(cluster.GetActiveSilos(), s => Assert.Equal(TestProfiles.WorkerMemoryGb, directory.MemoryOf(s.SiloAddress)));
        }

        var client = new MosaicClient(cluster.Client);
        var id = await client.SubmitAsync(TestWorkloads.MultipleChoice(60, seed: 5));
        var report = await client.WaitForCompletionAsync(id, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.True(report.Status == JobStatus.Completed, $"job ended {report.Status}: {report.Error}");
        Assert.Equal(60, report.Answered);
        Assert.Equal(3, report.PlannedBusySeconds.Count);
    }
}

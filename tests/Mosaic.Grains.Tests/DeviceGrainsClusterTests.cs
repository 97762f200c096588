using Mosaic.Abstractions.Jobs;
using Mosaic.Grains.Devices;
using Mosaic.Grains.Placement;
using static Mosaic.Grains.Tests.Calls;

namespace Mosaic.Grains.Tests;

/// <summary>The expert and worker grains on a real two-silo cluster (see <see cref="DeviceClusterFixture"/>).</summary>
public sealed class DeviceGrainsClusterTests(DeviceClusterFixture cluster) : IClassFixture<DeviceClusterFixture>
{
    private readonly JobStoreDouble _store = cluster.Store;

    private IGrainFactory Grains => cluster.Grains;

    [Fact]
    public async Task Grains_SubmitToAReplica_RunsOnItsWorkersDeviceAndPersistsTheOutputs()
    {
        await Grains.GetGrain<IWorkerGrain>("gpu1").PrepareAsync("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2"), OpenEnded("agg")]);

        await Grains.GetGrain<IExpertGrain>(WorkerKeys.Replica("x", "gpu1")).SubmitAsync([Request("j", "x", "q1"), Request("j", "x", "q2")]);
        await Grains.GetGrain<IExpertGrain>(WorkerKeys.Replica("agg", "gpu1")).SubmitAsync([Aggregator("j", "agg", "q1")]);

        await DeviceHarness.Until(() => _store.ReadOutputsAsync("j").Result.Count == 3, "three outputs persisted");
        var gpu1 = await Grains.GetGrain<IWorkerGrain>("gpu1").GetStatusAsync();
        var gpu0 = await Grains.GetGrain<IWorkerGrain>("gpu0").GetStatusAsync();
        Assert.Equal(("gpu1", "emulated", 3L, 2), (gpu1.Worker, gpu1.Backend, gpu1.CompletedCalls, gpu1.Loads));
        Assert.Equal(0, gpu0.CompletedCalls);
        var timeline = await Grains.GetGrain<IWorkerGrain>("gpu1").GetTimelineAsync("j");
        Assert.Equal(
            [TimelineKind.Load, TimelineKind.ExpertSession, TimelineKind.Load, TimelineKind.AggregatorSession],
            timeline.Select(e => e.Kind));
        Assert.All(timeline, e => Assert.Equal("gpu1", e.Worker));
    }

    [Fact]
    public async Task Grains_WithdrawThroughTheWorkerGrain_RefusesTheOlderGeneration()
    {
        var worker = Grains.GetGrain<IWorkerGrain>("gpu0");
        await worker.PrepareAsync("w", 1, JobPriority.Interactive, [Planned("slow", "q1", "q2")]);
        var replica = Grains.GetGrain<IExpertGrain>(WorkerKeys.Replica("slow", "gpu0"));
        await replica.SubmitAsync([Request("w", "slow", "q1"), Request("w", "slow", "q2")]);
        await DeviceHarness.Until(() => worker.GetStatusAsync().Result.Running == 2, "both calls run");

        var withdrawn = await worker.WithdrawAsync("w", 2);

        Assert.Equal([Key("q1"), Key("q2")], withdrawn.Running.OrderBy(k => k.QuestionId));
        Assert.Empty(withdrawn.Withdrawn);
        await replica.SubmitAsync([Request("w", "slow", "q3", generation: 1)]);
        Assert.Equal(0, (await worker.GetStatusAsync()).Queued);
        await worker.CancelJobAsync("w");
        await DeviceHarness.Until(() => worker.GetStatusAsync().Result.Running == 0, "the job's calls stopped");
    }

    [Fact]
    public async Task Grains_ReplicaOfAWorkerNotInTheCluster_IsRefused()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            Grains.GetGrain<IExpertGrain>(WorkerKeys.Replica("x", "gpu7")).SubmitAsync([Request("j", "x", "q1")]));

        Assert.Contains("gpu7", error.Message);
    }
}

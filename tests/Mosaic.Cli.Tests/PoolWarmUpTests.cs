using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Aggregation.Extraction;
using Mosaic.Aggregation.Gating;
using Mosaic.Cli.Batch;
using Mosaic.Hosting;
using Mosaic.Storage;
using Mosaic.Zoo;
using Mosaic.Zoo.Tasks;
using Mosaic.Zoo.Workload;

namespace Mosaic.Cli.Tests;

/// <summary>The job <c>mosaic serve</c> runs before it answers: every expert's first session on every worker.</summary>
public sealed class PoolWarmUpTests
{
    [Fact]
    public void Job_GivesEachExpertAFullBatchPerWorker_DataParallel_EveryCallRun()
    {
        var job = PoolWarmUp.Job(["a", "b", "c"], "judge", AnswerFormat.Number, workers: 2, batchSize: 3);

        Assert.Equal([.. Enumerable.Repeat("a", 6), .. Enumerable.Repeat("b", 6), .. Enumerable.Repeat("c", 6)], job.Questions.SelectMany(q => q.Experts));
        Assert.Equal(18, job.Questions.Select(q => q.Id).Distinct().Count());
        Assert.Equal((SchedulerKind.DataParallel, GateRule.Off, "judge", false), (job.Scheduler, job.Gate.Rule, job.Aggregator, job.ShareRepeatedCalls));
        Assert.Equal(PoolWarmUp.MaxNewTokens, job.MaxNewTokens);
    }

    /// <summary>
    /// The shipped zoo on 2 TorchSharp workers: the warm-up runs each expert's first session on each worker, so the
    /// next job, a routed MOSAIC job as a user would send, runs no expert session cold.
    /// </summary>
    [Fact]
    public async Task ShippedZoo_AfterTheWarmUp_NoExpertSessionOfTheNextJobRunsCold()
    {
        var zoo = ZooPaths.DefaultDirectory(AppContext.BaseDirectory);
        var data = Directory.CreateTempSubdirectory("mosaic-warm-up-").FullName;
        const int workers = 2;
        try
        {
            await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions
            {
                Workers = workers,
                Grains = ZooPool.Options(zoo),
                Storage = new MosaicStorageOptions { Provider = MosaicStorageProvider.Sqlite, DataFolder = data },
            });

            var warmUp = await PoolWarmUp.RunAsync(cluster.Mosaic, PoolWarmUp.Job(ZooPool.Experts, ZooPool.Aggregator, ZooPool.AnswerFormat, workers, batchSize: 4), CancellationToken.None);
            var warmUpSessions = (await cluster.Mosaic.GetTimelineAsync(warmUp.JobId)).Where(e => e.Kind == TimelineKind.ExpertSession).ToArray();
            var routed = ZooWorkload.Route(ZooManifest.Load(zoo), ZooDataset.Default.Test, ZooWorkload.DefaultRouter).Take(40).ToArray();
            var id = await cluster.Mosaic.SubmitAsync(ZooPool.Job(routed, new GateSpec(GateRule.VoteFraction, 2.0 / 3.0, SameExpertPolicy.CountEverySlot, EarlyDecisions: true)));
            var report = await cluster.Mosaic.WaitForCompletionAsync(id);
            var sessions = (await cluster.Mosaic.GetTimelineAsync(id)).Where(e => e.Kind == TimelineKind.ExpertSession).ToArray();

            var pairs = ZooPool.Experts.SelectMany(e => report.Workers.Select(w => (w, e))).ToHashSet();
            Assert.Equal(JobStatus.Completed, report.Status);
            Assert.NotEmpty(sessions);
            Assert.DoesNotContain(sessions, s => s.FirstRun);
            Assert.Equal(workers, report.Workers.Count);
            Assert.Equal(pairs, warmUpSessions.Where(s => s.FirstRun).Select(s => (s.Worker, s.Expert)).ToHashSet());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}

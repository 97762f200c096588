using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Aggregation.Extraction;
using Mosaic.Aggregation.Gating;
using Mosaic.Gateway.Hosting;
using Mosaic.Grains.Hosting;
using Mosaic.Hosting;
using Mosaic.Storage;
using Mosaic.Zoo;
using Mosaic.Zoo.Tasks;
using Mosaic.Zoo.Workload;

namespace Mosaic.Cli.Tests;

/// <summary>The job a warming gateway (and <c>mosaic serve</c>) runs before it is ready: every expert's first session on every worker.</summary>
public sealed class PoolWarmUpTests
{
    [Fact]
    public void Jobs_OnePerExpert_AFullBatchPerWorker_DataParallel_TheAggregatorInTheLast()
    {
        var jobs = PoolWarmUp.Jobs(["a", "b", "c"], "judge", AnswerFormat.Number, workers: 2, batchSize: 3);

        Assert.Equal([["a"], ["b"], ["c"]], jobs.Select(j => j.ExpertPool));
        Assert.All(jobs.Zip(new[] { "a", "b", "c" }), p => Assert.Equal(Enumerable.Repeat(p.Second, 6), p.First.Questions.SelectMany(q => q.Experts)));
        Assert.Equal(18, jobs.SelectMany(j => j.Questions).Select(q => q.Id).Distinct().Count());
        Assert.Equal([null, null, "judge"], jobs.Select(j => j.Aggregator));
        Assert.All(jobs, j => Assert.Equal((SchedulerKind.DataParallel, GateRule.Off, false, PoolWarmUp.MaxNewTokens), (j.Scheduler, j.Gate.Rule, j.ShareRepeatedCalls, j.MaxNewTokens)));
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

            var warmUp = await PoolWarmUp.RunAsync(cluster.Mosaic, PoolWarmUp.Jobs(ZooPool.Experts, ZooPool.Aggregator, ZooPool.AnswerFormat, workers, batchSize: 4), CancellationToken.None);
            var warmUpSessions = new List<TimelineEntry>();
            foreach (var job in warmUp)
            {
                warmUpSessions.AddRange((await cluster.Mosaic.GetTimelineAsync(job.JobId)).Where(e => e.Kind == TimelineKind.ExpertSession));
            }

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
            Assert.Equal(workers * 4, warmUp[^1].AggregatorCalls);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>
    /// One model per worker and job (K = 1), the tightest a cluster can be set to: a single warm-up job of every expert
    /// would be infeasible, one job per expert still puts each expert's batch on every worker.
    /// </summary>
    [Fact]
    public async Task OneModelPerWorker_EveryExpertStillRunsOnEveryWorker()
    {
        string[] experts = ["a", "b", "c"];
        var grains = new MosaicGrainsOptions
        {
            Backend = BackendKind.Emulated,
            TimeScale = 0.001,
            MaxModelsPerWorker = 1,
            Experts = experts.Append("judge").ToDictionary(
                e => e, _ => new ExpertOptions { Kind = Scheduling.ExpertKind.Instruct, LoadSeconds = 1, PerPromptSeconds = 0.1, MeanOutputTokens = 50 }, StringComparer.Ordinal),
        };
        await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { Workers = 2, Grains = grains });

        var reports = await PoolWarmUp.RunAsync(cluster.Mosaic, PoolWarmUp.Jobs(experts, "judge", AnswerFormat.Number, workers: 2, batchSize: 4), CancellationToken.None);
        var ran = new HashSet<(string Worker, string Expert)>();
        foreach (var report in reports)
        {
            ran.UnionWith((await cluster.Mosaic.GetTimelineAsync(report.JobId)).Where(e => e.Kind == TimelineKind.ExpertSession).Select(e => (e.Worker, e.Expert)));
        }

        Assert.All(reports, r => Assert.Equal((JobStatus.Completed, 8, 0), (r.Status, r.Questions, r.FailedCalls)));
        Assert.Equal(experts.SelectMany(e => new[] { ("gpu0", e), ("gpu1", e) }).ToHashSet(), ran);
        Assert.Equal([0, 0, 8], reports.Select(r => r.AggregatorCalls));
    }
}

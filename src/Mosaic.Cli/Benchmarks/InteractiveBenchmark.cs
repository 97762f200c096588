using System.Diagnostics;
using Mosaic.Abstractions.Jobs;
using Mosaic.Cli.Batch;
using Mosaic.Aggregation;
using Mosaic.Client;
using Mosaic.Gateway.Chat;
using Mosaic.Gateway.Hosting;
using Mosaic.Hosting.Pools;

namespace Mosaic.Cli.Benchmarks;

/// <summary>
/// Questions asked while a large batch runs, as the gateway submits them: the batch as one job of batch priority, each
/// question as a one-question job. Two phases on one embedded cluster after a warm-up, each with a fresh batch:
/// <c>first-come</c> asks the questions at batch priority (how every job was ordered before priorities),
/// <c>priority</c> asks them as interactive jobs. Each question's latency is from its submit to its job's end.
/// </summary>
internal static class InteractiveBenchmark
{
    public static async Task<InteractiveReport> RunAsync(
        PoolConfig pool, InteractiveOptions options, Func<CancellationToken, Task<ClusterConnection>> connect, IProgress<string> progress, CancellationToken ct)
    {
        var catalog = new PoolCatalog(GatewayPools.From(pool));
        await using var connection = await connect(ct);
        var client = connection.Client;
        var clock = Stopwatch.StartNew();
        await PoolWarmUp.RunAsync(client, catalog.WarmUpJobs(pool.Workers, pool.Grains.MaxBatchSize), ct);
        progress.Report($"warmed up every expert on {pool.Workers} workers in {clock.Elapsed.TotalSeconds:0.0} s");

        var random = new Random(options.Seed);
        var phases = new List<InteractivePhase>();
        foreach (var (name, priority) in new[] { ("first-come", JobPriority.Batch), ("priority", JobPriority.Interactive) })
        {
            phases.Add(await PhaseAsync(name, priority, catalog, client, options, random, progress, ct));
        }

        return new InteractiveReport(connection.Description, options.Questions, options.Asked, options.FirstAfterSeconds, options.IntervalSeconds, phases);
    }

    private static async Task<InteractivePhase> PhaseAsync(
        string name, JobPriority asked, PoolCatalog catalog, IMosaicClient client, InteractiveOptions options, Random random, IProgress<string> progress,
        CancellationToken ct)
    {
        var batch = catalog.Job(catalog.MoaModel, [.. Enumerable.Range(0, options.Questions).Select(i => Question($"b{i}", random, catalog))], JobPriority.Batch);
        var batchId = await client.SubmitAsync(batch, $"bench-batch-{name}-{Guid.NewGuid():N}");
        var batchClock = Stopwatch.StartNew();
        progress.Report($"{name}: batch of {options.Questions} questions submitted");
        await Task.Delay(TimeSpan.FromSeconds(options.FirstAfterSeconds), ct);

        var latencies = new List<double>();
        for (var i = 0; i < options.Asked; i++)
        {
            // A question asked after the batch has ended measures an idle pool, not a question beside a batch.
            if (await client.GetReportAsync(batchId) is { Status: not JobStatus.Running } ended)
            {
                progress.Report($"{name}: the batch {ended.Status.ToString().ToLowerInvariant()} before question {i + 1} was asked; "
                    + $"{i} of {options.Asked} asked beside it (more --questions make a longer batch)");
                break;
            }

            var question = catalog.Job(catalog.MoaModel, [Question("q", random, catalog)], asked);
            var clock = Stopwatch.StartNew();
            var id = await client.SubmitAsync(question, $"bench-question-{name}-{i}-{Guid.NewGuid():N}");
            var report = await client.WaitForCompletionAsync(id, ct);
            latencies.Add(clock.Elapsed.TotalSeconds);
            progress.Report($"{name}: question {i + 1} answered in {clock.Elapsed.TotalSeconds:0.00} s ({report.Status.ToString().ToLowerInvariant()}), "
                + $"{batchClock.Elapsed.TotalSeconds:0} s into the batch");
            await Task.Delay(TimeSpan.FromSeconds(options.IntervalSeconds), ct);
        }

        var batchReport = await client.WaitForCompletionAsync(batchId, ct);
        progress.Report($"{name}: batch {batchReport.Status.ToString().ToLowerInvariant()} in {batchReport.WallSeconds:0.0} s");
        if (latencies.Count == 0)
        {
            throw new UsageException($"{name}: the batch of {options.Questions} questions ended before the first question was asked "
                + $"({options.FirstAfterSeconds} s in); use more --questions or a smaller --first-after");
        }

        var sorted = latencies.Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        return new InteractivePhase(
            name, EnumNames<JobPriority>.NameOf(asked), [.. latencies.Select(l => Math.Round(l, 3))], Math.Round(median, 3), Math.Round(sorted[^1], 3),
            Math.Round(batchReport.WallSeconds, 1), batchReport.Status == JobStatus.Completed && batchReport.Answered == options.Questions);
    }

    /// <summary>A sum of two numbers, routed by the pool's skill patterns as the gateway routes a chat question.</summary>
    private static PendingQuestion Question(string id, Random random, PoolCatalog catalog)
    {
        var text = $"What is {random.Next(10, 100)} + {random.Next(10, 100)}?";
        return new PendingQuestion(id, text, catalog.SkillOf(catalog.MoaModel, text, requested: null), MaxTokens: null);
    }
}

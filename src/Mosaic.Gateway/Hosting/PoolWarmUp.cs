using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Aggregation.Extraction;
using Mosaic.Client;
using static System.FormattableString;

namespace Mosaic.Gateway.Hosting;

/// <summary>
/// The jobs a gateway with <see cref="GatewayOptions.WarmUp"/> (and <c>mosaic serve</c>) runs before it reports ready:
/// each expert of the pool on every worker, one full batch each, then the aggregator, a full batch on every worker. A
/// model's first session on a worker runs cold, and so does its first full batch after smaller ones; the speed
/// calibration does not observe first sessions. Without a warm-up the first user's job paid for that: on the zoo it
/// took about twice as long as the jobs after it, and with one call per expert and worker still longer
/// (docs/gateway.md). One job per expert, data parallel (its batch split evenly over the workers): the planner refuses
/// a job whose experts the workers cannot host (workers × <c>Mosaic:MaxModelsPerWorker</c> &lt; experts: two workers,
/// six experts and the default K = 2), although data parallel itself loads every expert on every worker. A job of one
/// expert always passes. The aggregator answers every question of the last job only, so each worker loads it once.
/// </summary>
internal static class PoolWarmUp
{
    public const string Prompt = "What is 2 + 2?";

    /// <summary>Enough to run every part of a generation; the answers are not used.</summary>
    public const int MaxNewTokens = 64;

    public static IReadOnlyList<JobSpec> Jobs(IReadOnlyList<string> experts, string? aggregator, AnswerFormat format, int workers, int batchSize) =>
        experts.Select((expert, i) => new JobSpec(
                Enumerable.Range(0, workers * batchSize).Select(n => new QuestionSpec(Invariant($"warm-up-{i}-{n}"), Prompt, [expert])).ToArray(),
                [expert], i == experts.Count - 1 ? aggregator : null, GateSpec.Off, SchedulerKind.DataParallel, format, MaxNewTokens, OverlapStages: true))
            .ToArray();

    /// <summary>Runs <paramref name="jobs"/> one after another and returns their reports.</summary>
    /// <exception cref="InvalidOperationException">A warm-up job did not complete; the message says which and how it ended.</exception>
    public static async Task<IReadOnlyList<JobReport>> RunAsync(IMosaicClient client, IReadOnlyList<JobSpec> jobs, CancellationToken cancellationToken)
    {
        var reports = new List<JobReport>(jobs.Count);
        foreach (var job in jobs)
        {
            var id = await client.SubmitAsync(job, Invariant($"{WarmUpJobs.IdPrefix}{Guid.NewGuid():N}"));
            var report = await client.WaitForCompletionAsync(id, cancellationToken);
            reports.Add(report.Status == JobStatus.Completed
                ? report
                : throw new InvalidOperationException($"the warm-up job {id} ({string.Join(", ", job.ExpertPool)}) ended {report.Status.ToString().ToLowerInvariant()}: {report.Error}"));
        }

        return reports;
    }
}

using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Aggregation.Extraction;
using Mosaic.Client;
using static System.FormattableString;

namespace Mosaic.Cli.Batch;

/// <summary>
/// The job <c>mosaic serve</c> runs before it answers anyone: each expert of the pool on every worker, one full batch
/// each (data parallel splits an expert's questions evenly over the workers), every question aggregated. A model's
/// first session on a worker runs cold, and so does its first full batch after smaller ones; the speed calibration does
/// not observe first sessions. Without a warm-up the first user's job paid for that: on the zoo it took about twice as
/// long as the jobs after it, and with one call per expert and worker still longer (docs/gateway.md).
/// </summary>
internal static class PoolWarmUp
{
    public const string Prompt = "What is 2 + 2?";

    /// <summary>Enough to run every part of a generation; the answers are not used.</summary>
    public const int MaxNewTokens = 64;

    public static JobSpec Job(IReadOnlyList<string> experts, string? aggregator, AnswerFormat format, int workers, int batchSize)
    {
        var questions = experts
            .SelectMany((e, i) => Enumerable.Range(0, workers * batchSize).Select(n => new QuestionSpec(Invariant($"warm-up-{i}-{n}"), Prompt, [e])))
            .ToArray();
        return new JobSpec(questions, experts, aggregator, GateSpec.Off, SchedulerKind.DataParallel, format, MaxNewTokens, OverlapStages: true);
    }

    /// <summary>Runs <see cref="Job"/> and returns its report.</summary>
    /// <exception cref="InvalidOperationException">The warm-up job did not complete; the message says how it ended.</exception>
    public static async Task<JobReport> RunAsync(IMosaicClient client, JobSpec job, CancellationToken cancellationToken)
    {
        var id = await client.SubmitAsync(job, Invariant($"warm-up-{Guid.NewGuid():N}"));
        var report = await client.WaitForCompletionAsync(id, cancellationToken);
        return report.Status == JobStatus.Completed
            ? report
            : throw new InvalidOperationException($"the warm-up job {id} ended {report.Status.ToString().ToLowerInvariant()}: {report.Error}");
    }
}

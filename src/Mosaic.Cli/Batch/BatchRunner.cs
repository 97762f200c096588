using System.Diagnostics;
using Mosaic.Abstractions;
using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Gateway.Chat;
using Mosaic.Hosting.Pools;

namespace Mosaic.Cli.Batch;

/// <summary>
/// Runs a batch file: reads the requests, submits the answerable ones as one job of the batch's model (the MoA pool, or
/// one expert alone) to an embedded cluster or a running one, follows its progress, and writes one output line per
/// request in input order, atomically.
/// </summary>
internal static class BatchRunner
{
    /// <param name="progress">Answered and total questions, as the job reports them, and what the run is doing.</param>
    public static async Task<BatchSummary> RunAsync(
        string input, string output, PoolConfig pool, Func<CancellationToken, Task<ClusterConnection>> connect, Action<int, int, string> progress,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        BatchRequests requests;
        try
        {
            requests = BatchRequests.Read(File.ReadAllBytes(input), pool);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{input}: cannot read the requests ({e.Message})");
        }

        var (lines, model, spec) = (requests.Lines, requests.Model, requests.Job);
        var results = new Dictionary<string, QuestionResult>(StringComparer.Ordinal);
        var jobId = $"run-{Guid.NewGuid():N}";
        var cluster = "none (no answerable request)";
        JobReport? report = null;
        if (spec is not null)
        {
            progress(0, spec.Questions.Count, "connecting to the cluster");
            await using var connection = await connect(cancellationToken);
            cluster = connection.Description;
            progress(0, spec.Questions.Count, "answered");
            var client = connection.Client;
            try
            {
                // A stop signal ends the wait: a submit whose silos all died used to hold the run until the 5-minute response timeout.
                await client.SubmitAsync(spec, jobId).WaitAsync(cancellationToken);
            }
            catch (JobRejectedException e)
            {
                throw new UsageException($"the cluster refused the batch's job: {e.Message}");
            }

            try
            {
                await foreach (var p in client.WatchAsync(jobId, cancellationToken))
                {
                    progress(p.QuestionsAnswered, p.QuestionsTotal, "answered");
                }

                report = await client.WaitForCompletionAsync(jobId, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                await client.CancelAsync(jobId);
                throw;
            }

            foreach (var result in await client.GetResultsAsync(jobId, cancellationToken))
            {
                results[result.QuestionId] = result;
            }
        }

        // A job that failed (or was cancelled by another client) still gives its answered lines; the others say why.
        var jobError = report is { Status: not JobStatus.Completed } ended ? $"job {jobId} {ended.Status.ToString().ToLowerInvariant()}{(ended.Error is { } why ? $": {why}" : "")}" : null;
        BatchOutput.WriteAtomically(output, lines.Select((line, i) =>
            BatchOutput.Line(i + 1, line, requests.CustomIds[i], line.Question is null ? null : results.GetValueOrDefault(line.QuestionId), model, jobId, jobError)));
        var answered = lines.Count(l => l.Question is not null && results.TryGetValue(l.QuestionId, out var r) && CompletionFactory.HasAnswer(r));
        return new BatchSummary(
            Path.GetFullPath(output), lines.Count, answered, lines.Count - answered, report?.AggregatorCalls ?? 0, report?.Accuracy, cluster, Math.Round(clock.Elapsed.TotalSeconds, 1),
            jobError);
    }
}

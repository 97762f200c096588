using System.Diagnostics;
using Mosaic.Abstractions;
using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Client;
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
    /// <summary>How long the job's progress may stay silent before the progress line says the cluster is not answering.</summary>
    private static readonly TimeSpan Silence = TimeSpan.FromSeconds(2);

    /// <param name="progress">Decided (answered or given up on) and total questions, as the job reports them, and what the run is doing.</param>
    /// <param name="jobId">Follow this job instead of submitting a new one, when it exists (a run that stopped waiting for its cluster).</param>
    public static async Task<BatchSummary> RunAsync(
        string input, string output, PoolConfig pool, Func<CancellationToken, Task<ClusterConnection>> connect, Action<int, int, string> progress,
        CancellationToken cancellationToken, string? jobId = null)
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
        var attaching = jobId is not null;
        jobId ??= $"run-{Guid.NewGuid():N}";
        var cluster = "none (no answerable request)";
        JobReport? report = null;
        if (spec is not null)
        {
            progress(0, spec.Questions.Count, "connecting to the cluster");
            await using var connection = await connect(cancellationToken);
            cluster = connection.Description;
            progress(0, spec.Questions.Count, "decided");
            var client = connection.Client;
            try
            {
                // A stop signal ends the wait: a submit whose silos all died used to hold the run until the 5-minute response timeout.
                await client.SubmitAsync(spec, jobId).WaitAsync(cancellationToken);
            }
            catch (JobRejectedException e) when (attaching && e.Reason == JobRejection.IdInUse)
            {
                await CheckSameRequestsAsync(client, jobId, spec, input, cancellationToken);
            }
            catch (JobRejectedException e)
            {
                throw new UsageException($"the cluster refused the batch's job: {e.Message}");
            }

            // Every silo gone at once (killed, restarted): the job is durable and resumes when they are back, and the
            // client keeps asking for them for its patience (--cluster-patience) rather than drop the answers the
            // cluster will go on to write; meanwhile the progress line says what the run waits for.
            try
            {
                await WatchAsync(client, jobId, spec.Questions.Count, progress, cancellationToken);
                report = await client.WaitForCompletionAsync(jobId, cancellationToken);
                foreach (var result in await client.GetResultsAsync(jobId, cancellationToken))
                {
                    results[result.QuestionId] = result;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await client.CancelAsync(jobId).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
                }
                catch (Exception e) when (e is TimeoutException || Gateway.Hosting.ClusterErrors.IsUnavailable(e))
                {
                    // Stopped while its cluster was away: the job is not cancelled, and the message says nothing was written.
                }

                throw;
            }
            catch (ClusterUnavailableException e) when (connection.OutlivesThisProcess)
            {
                throw new ClusterSilentException(jobId, e);
            }
        }

        // A job that failed (or was cancelled by another client) still gives its answered lines; the others say why.
        var jobError = report is { Status: not JobStatus.Completed } ended ? $"job {jobId} {ended.Status.ToString().ToLowerInvariant()}{(ended.Error is { } why ? $": {why}" : "")}" : null;
        BatchOutput.WriteAtomically(output, lines.Select((line, i) =>
            BatchOutput.Line(i + 1, line, requests.CustomIds[i], line.Question is null ? null : results.GetValueOrDefault(line.QuestionId), model, jobId, jobError)));
        var answered = lines.Count(l => l.Question is not null && results.TryGetValue(l.QuestionId, out var r) && CompletionFactory.HasAnswer(r));
        return new BatchSummary(
            jobId, Path.GetFullPath(output), lines.Count, lines.Count(l => l.Question is not null), answered, lines.Count - answered, report?.AggregatorCalls ?? 0, report?.Accuracy, cluster, Math.Round(clock.Elapsed.TotalSeconds, 1),
            jobError);
    }

    /// <summary>
    /// Follows the job's progress until it ends. The job's events come every half second: while none comes for
    /// <see cref="Silence"/>, the client is asking a cluster that does not answer again, and the line says so each second.
    /// </summary>
    private static async Task WatchAsync(IMosaicClient client, string jobId, int questions, Action<int, int, string> progress, CancellationToken ct)
    {
        var answered = 0;
        var heard = Stopwatch.StartNew();
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var silence = SayWhileSilentAsync(watching.Token);
        try
        {
            await foreach (var p in client.WatchAsync(jobId, ct))
            {
                lock (heard)
                {
                    heard.Restart();
                    answered = p.QuestionsAnswered;
                }

                progress(p.QuestionsAnswered, p.QuestionsTotal, "decided");
            }
        }
        finally
        {
            await watching.CancelAsync();
            await silence;
        }

        async Task SayWhileSilentAsync(CancellationToken stop)
        {
            using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1));
            try
            {
                while (await tick.WaitForNextTickAsync(stop))
                {
                    var (silent, so) = (TimeSpan.Zero, 0);
                    lock (heard)
                    {
                        (silent, so) = (heard.Elapsed, answered);
                    }

                    if (silent >= Silence)
                    {
                        progress(so, questions, $"decided; the cluster is not answering ({silent.TotalSeconds:0} s), waiting for it");
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>A job followed again (<c>--job</c>) must be this file's: its answers are matched to the file's lines by question id.</summary>
    private static async Task CheckSameRequestsAsync(IMosaicClient client, string jobId, JobSpec spec, string input, CancellationToken ct)
    {
        var report = await client.GetReportAsync(jobId).WaitAsync(ct) ?? throw new UsageException($"--job {jobId}: no such job in the cluster");
        if (report.Questions != spec.Questions.Count)
        {
            throw new UsageException($"--job {jobId} has {report.Questions} questions, {input} makes {spec.Questions.Count}: follow a job with the file that made it");
        }
    }
}

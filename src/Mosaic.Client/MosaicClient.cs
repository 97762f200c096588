using System.Runtime.CompilerServices;
using Mosaic.Abstractions;
using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;

namespace Mosaic.Client;

/// <summary>
/// <see cref="IMosaicClient"/> over an Orleans cluster client: every call is a call to the job's grain. Reads and watches
/// keep asking a cluster that does not answer for <see cref="MosaicClientOptions.ClusterPatience"/> (the options given
/// to <see cref="MosaicClientBuilderExtensions.UseMosaicClustering(IClientBuilder, MosaicClientOptions)"/>; the default
/// for a client configured otherwise), then throw <see cref="ClusterUnavailableException"/>.
/// </summary>
public sealed class MosaicClient : IMosaicClient
{
    /// <summary>
    /// How long a watcher or a waiter waits on one call to the job before it asks again. A call to a silo that was
    /// SIGKILLed is not failed until the response timeout (30 s by default), while the job resumes elsewhere within
    /// seconds; the watch stream sends an event every 0.4 s, so 5 s of silence means the call is lost.
    /// </summary>
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The pause before a watcher or a waiter asks again after a transient failure.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    private readonly IGrainFactory _client;
    private readonly ClusterContact _contact;

    public MosaicClient(IGrainFactory client)
        : this(client, ClusterContact.Of(client))
    {
    }

    internal MosaicClient(IGrainFactory client, ClusterContact contact)
    {
        ArgumentNullException.ThrowIfNull(client);
        (_client, _contact) = (client, contact);
    }

    public async Task<string> SubmitAsync(JobSpec spec, string? jobId = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (jobId is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        }

        var id = jobId ?? Guid.NewGuid().ToString("N");
        // Resolved inside each call: before the client has reached a silo, resolving the grain fails too (cut off).
        IJobGrain Job() => _client.GetGrain<IJobGrain>(id);
        var submit = UnlessCutOff(() => Job().SubmitAsync(spec));
        var again = false;
        while (await Task.WhenAny(submit, Task.Delay(StallTimeout)) != submit)
        {
            // The answer is late: planning may take its whole time limit, but a silo that died while admitting the job
            // leaves the answer to Orleans' response timeout (5 min for a submit). Ask the job's activation instead.
            if (await AskAgainIfStalled(() => Job().IsAdmittingAsync(), StallTimeout, _contact))
            {
                continue;
            }

            if (await AskAgainIfStalled(() => Job().GetReportAsync(), StallTimeout, _contact) is not null)
            {
                Abandon(submit);
                return id; // accepted before its answer was lost
            }

            // No activation admits it and it was never recorded: its silo died first. Submitted again under the same
            // id, it is admitted where the job lives now; a submit that did land meanwhile makes this one "in use".
            Abandon(submit);
            submit = UnlessCutOff(() => Job().SubmitAsync(spec));
            again = true;
        }

        var result = await submit;
        if (result.Accepted)
        {
            return id;
        }

        if (again && result.Rejection == JobRejection.IdInUse)
        {
            return await GetReportAsync(id) is not null
                ? id
                : throw new JobRejectedException($"job '{id}' was not started: its id is recorded with another spec by an admission that stopped before the job's state was written; submit the job under another id", JobRejection.IdInUse);
        }

        throw new JobRejectedException(result.Error ?? "rejected", result.Rejection ?? JobRejection.Invalid);
    }

    /// <summary>A call whose answer no longer matters: its failure, when it comes, is observed and dropped.</summary>
    private static void Abandon(Task call) => _ = call.ContinueWith(t => t.Exception, TaskScheduler.Default);

    public async IAsyncEnumerable<JobProgress> WatchAsync(string jobId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        var outage = new ClusterOutage(_contact);
        while (true)
        {
            // A cancelled watch throws rather than ending as if the job had: a caller that reads results after the loop
            // would take a partial job for a finished one.
            cancellationToken.ThrowIfCancellationRequested();
            var (ended, stalled) = (false, false);
            var events = _client.GetGrain<IJobGrain>(jobId).WatchAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (true)
                {
                    JobProgress progress;
                    try
                    {
                        if (!await events.MoveNextAsync().AsTask().WaitAsync(StallTimeout, cancellationToken))
                        {
                            break;
                        }

                        progress = events.Current;
                    }
                    catch (Exception e) when (e is not OperationCanceledException && IsTransient(e))
                    {
                        stalled = e is TimeoutException;
                        outage.Failed(e);
                        break;
                    }

                    outage.Answered();
                    yield return progress;
                    if (progress.Status is not JobStatus.Running)
                    {
                        ended = true;
                        break;
                    }
                }
            }
            finally
            {
                // Disposing a stalled stream is itself a call to the lost silo: let it end on its own.
                var disposed = events.DisposeAsync().AsTask();
                if (stalled)
                {
                    Abandon(disposed);
                }
                else
                {
                    await disposed;
                }
            }

            if (ended)
            {
                yield break;
            }

            // The stream broke (a transient failure, the job's silo gone): the job may have ended meanwhile, and a
            // watcher must still see how it ended.
            JobReport? report;
            try
            {
                report = await _client.GetGrain<IJobGrain>(jobId).GetReportAsync().WaitAsync(StallTimeout, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException && IsTransient(e))
            {
                outage.Failed(e);
                await Task.Delay(RetryDelay, cancellationToken);
                continue;
            }

            outage.Answered();

            if (report is null)
            {
                yield break;
            }

            if (report.Status is not JobStatus.Running)
            {
                yield return new JobProgress(jobId, report.Status, report.Answered, report.Questions, report.AggregatorCalls,
                    report.CancelledExpertCalls, JobProgress.MessageOf(report.Status, report.Error), DateTimeOffset.UtcNow);
                yield break;
            }

            await Task.Delay(RetryDelay, cancellationToken);
        }
    }

    public Task<JobReport> WaitForCompletionAsync(string jobId, CancellationToken cancellationToken = default) =>
        WaitForCompletionAsync(jobId, _ => { }, cancellationToken);

    public async Task<JobReport> WaitForCompletionAsync(string jobId, Action<JobProgress> onProgress, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        ArgumentNullException.ThrowIfNull(onProgress);

        // The watch stream says at once when the job ends (and reconnects if the job moves between silos), where a
        // poll would learn it up to an interval late and cost a call per interval and waiter.
        await foreach (var progress in WatchAsync(jobId, cancellationToken))
        {
            if (progress.Status == JobStatus.Unknown)
            {
                throw new JobNotFoundException(jobId);
            }

            onProgress(progress);
        }

        // A job's state is durable from its acceptance on: no report is no job, not a job still starting.
        return await AskAgainIfStalled(() => _client.GetGrain<IJobGrain>(jobId).GetReportAsync(), StallTimeout, _contact, cancellationToken)
            ?? throw new JobNotFoundException(jobId);
    }

    public Task<JobReport?> GetReportAsync(string jobId)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        return AskAgainIfStalled(() => _client.GetGrain<IJobGrain>(jobId).GetReportAsync(), StallTimeout, _contact);
    }

    public async Task<ResultPage> GetResultPageAsync(string jobId, int from = 0, int maxCount = 1000)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        var page = await AskAgainIfStalled(() => _client.GetGrain<IJobGrain>(jobId).GetResultsAsync(from, maxCount), 2 * StallTimeout, _contact);

        // Every accepted job has a question: a page of none is a mistyped id, not results still to come.
        return page.Total > 0 ? page : throw new JobNotFoundException(jobId);
    }

    public async Task<IReadOnlyList<QuestionResult>> GetResultsAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var results = new List<QuestionResult>();
        for (int? from = 0; from is { } next;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await GetResultPageAsync(jobId, next);
            results.AddRange(page.Results);
            from = page.Next;
        }

        return results;
    }

    public Task<JobPlanView?> GetPlanAsync(string jobId)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        return AskAgainIfStalled(() => _client.GetGrain<IJobGrain>(jobId).GetPlanAsync(), StallTimeout, _contact);
    }

    /// <summary>Every worker's loads and sessions of the job in wall time, ordered by start (see <see cref="IJobGrain.GetTimelineAsync"/>).</summary>
    public async Task<IReadOnlyList<TimelineEntry>> GetTimelineAsync(string jobId)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        var timeline = await AskAgainIfStalled(() => _client.GetGrain<IJobGrain>(jobId).GetTimelineAsync(), 2 * StallTimeout, _contact);
        return timeline.Count > 0 || await GetReportAsync(jobId) is not null ? timeline : throw new JobNotFoundException(jobId);
    }

    public async Task CancelAsync(string jobId)
    {
        // A mistyped id would otherwise be "cancelled" without a word while the job meant keeps running.
        if (await GetReportAsync(jobId) is null)
        {
            throw new JobNotFoundException(jobId);
        }

        await UnlessCutOff(() => _client.GetGrain<IJobGrain>(jobId).CancelAsync());
    }

    public async Task ForgetAsync(string jobId, bool reserveId = true)
    {
        var report = await GetReportAsync(jobId) ?? throw new JobNotFoundException(jobId);
        var job = _client.GetGrain<IJobGrain>(jobId);
        if (!await UnlessCutOff(() => reserveId ? job.ForgetAsync() : job.DiscardAsync()))
        {
            throw new InvalidOperationException($"job '{jobId}' is {report.Status.ToString().ToLowerInvariant()}: cancel it before forgetting it");
        }
    }

    public Task<ClusterStatus> GetClusterStatusAsync() => UnlessCutOff(() => _client.GetGrain<IClusterStatusGrain>(0).GetStatusAsync());

    /// <summary>
    /// A read of a job that a SIGKILLed silo holds waits for Orleans' response timeout (30 s) while the job resumes on
    /// another silo within seconds (GET /v1/jobs/{id} took 30.7 s in a helper's run): past <paramref name="stallTimeout"/>
    /// the read is asked again, which then finds the job where it lives now; the third stall is a timeout. Until the dead
    /// silo is declared, a read can instead fail at once (its connection is refused: a 503 for about 2.5 s in a helper's
    /// run), and with every silo gone it fails at once (Orleans' <c>ConnectionFailedException</c>); such failures are
    /// asked again every <see cref="RetryDelay"/> for the <paramref name="contact"/>'s patience, then
    /// <see cref="ClusterUnavailableException"/> (until 2026-12-06 the patience was the stall timeout, 5 s, and the
    /// failure Orleans' own exception, whose "will retry after 988 ms" nothing did).
    /// </summary>
    internal static async Task<T> AskAgainIfStalled<T>(Func<Task<T>> read, TimeSpan stallTimeout, ClusterContact contact, CancellationToken cancellationToken = default)
    {
        var stalls = 0;
        var outage = new ClusterOutage(contact);
        while (true)
        {
            try
            {
                return await read().WaitAsync(stallTimeout, cancellationToken);
            }
            catch (TimeoutException) when (++stalls < 3)
            {
            }
            catch (Exception e) when (e is not TimeoutException && e is not OperationCanceledException && ClusterFailures.IsUnreachable(e))
            {
                outage.Failed(e);
                await Task.Delay(RetryDelay, cancellationToken);
            }
        }
    }

    /// <summary>
    /// A call not asked again (a submit, a cancel, a probe) that fails while the client is connected to no silo at all
    /// is <see cref="ClusterUnavailableException"/> at once: asking again before a silo is back cannot help, and a
    /// caller that would (the gateway's chat submit, for a silo just lost) answers its own client at once instead.
    /// Otherwise Orleans' own exception, as another silo may take the call.
    /// </summary>
    private async Task<T> UnlessCutOff<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (_contact.IsCutOff(e))
        {
            throw _contact.CutOff(e);
        }
    }

    private Task UnlessCutOff(Func<Task> call) => UnlessCutOff(async () =>
    {
        await call();
        return true;
    });

    private static bool IsTransient(Exception e) => e is TimeoutException || ClusterFailures.IsUnreachable(e);
}

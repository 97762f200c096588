using Mosaic.Abstractions;
using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;

namespace Mosaic.Client;

/// <summary>
/// What a client application does with a Mosaic cluster: submit MoA jobs, watch them, read their results and plans,
/// cancel them. Reads and watches ride out a cluster none of whose silos answers (all restarting, say: a job resumes by
/// itself) for <see cref="MosaicClientOptions.ClusterPatience"/>, then throw <see cref="ClusterUnavailableException"/>.
/// A call whose job store failed in a way the store described (a missing table, say) throws
/// <see cref="JobStoreException"/> with the store's line; the database driver's own exceptions come as they are.
/// </summary>
public interface IMosaicClient
{
    /// <summary>Submits a job under <paramref name="jobId"/> (a new id when null) and returns the id.</summary>
    /// <exception cref="JobRejectedException">The cluster refused the job; the message says why in one line and no state was written.</exception>
    /// <remarks>
    /// A failed submit is not asked again, nor are <see cref="CancelAsync"/>, <see cref="ForgetAsync"/> and
    /// <see cref="GetClusterStatusAsync"/>: failing while the client is connected to no silo at all (every silo gone, or
    /// none reached yet) they throw <see cref="ClusterUnavailableException"/> at once; failing on a silo just lost while
    /// others serve, Orleans' own exception (<c>SiloUnavailableException</c>, <c>ConnectionFailedException</c>), and
    /// sending the call again reaches another silo. A call to a silo that dies mid-call fails after the response timeout,
    /// except a submit: when its answer is 5 s late it asks the job whether it is still being admitted, and a job that
    /// is neither admitted nor being admitted (its silo died first) is submitted again under the same id, so that a
    /// submit never waits out its response timeout (5 min) for a silo that is gone. Those questions ride out a silent
    /// cluster like reads do.
    /// </remarks>
    Task<string> SubmitAsync(JobSpec spec, string? jobId = null);

    /// <summary>
    /// Streams progress until the job ends, reconnecting if the job's silo goes away; for an unknown job, one
    /// <see cref="JobStatus.Unknown"/> event.
    /// </summary>
    /// <exception cref="OperationCanceledException">The token was cancelled (also before the first event).</exception>
    /// <exception cref="ClusterUnavailableException">No silo answered for <see cref="MosaicClientOptions.ClusterPatience"/>.</exception>
    IAsyncEnumerable<JobProgress> WatchAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits until the job ends and returns its report. It watches the job's progress (<see cref="WatchAsync"/>), so it
    /// returns as soon as the job has ended and survives the job moving between silos.
    /// </summary>
    /// <exception cref="JobNotFoundException">The cluster has no job of this id.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled before the job ended.</exception>
    /// <exception cref="ClusterUnavailableException">No silo answered for <see cref="MosaicClientOptions.ClusterPatience"/>.</exception>
    Task<JobReport> WaitForCompletionAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="WaitForCompletionAsync(string, CancellationToken)"/>, handing each progress event to
    /// <paramref name="onProgress"/> as it comes (a streaming job's events carry what its calls' texts gained:
    /// <see cref="CallTextAssembly"/> joins them).
    /// </summary>
    Task<JobReport> WaitForCompletionAsync(string jobId, Action<JobProgress> onProgress, CancellationToken cancellationToken = default);

    /// <summary>The job's report, or null for a job id that was never accepted.</summary>
    /// <exception cref="ClusterUnavailableException">No silo answered for <see cref="MosaicClientOptions.ClusterPatience"/> (so for the other reads).</exception>
    Task<JobReport?> GetReportAsync(string jobId);

    /// <summary>One page of answered questions in question order, from question index <paramref name="from"/> (≥ 0), at most <paramref name="maxCount"/> (≥ 1).</summary>
    /// <exception cref="JobNotFoundException">The cluster has no job of this id.</exception>
    Task<ResultPage> GetResultPageAsync(string jobId, int from = 0, int maxCount = 1000);

    /// <summary>Every answered question, in question order, read page by page.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled before the last page was read.</exception>
    /// <exception cref="JobNotFoundException">The cluster has no job of this id.</exception>
    Task<IReadOnlyList<QuestionResult>> GetResultsAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>The plan the job's expert stage runs on, or null for an unknown job.</summary>
    Task<JobPlanView?> GetPlanAsync(string jobId);

    /// <summary>Every worker's model loads, sessions and aggregator calls of the job in wall time, ordered by start.</summary>
    /// <exception cref="JobNotFoundException">The cluster has no job of this id.</exception>
    Task<IReadOnlyList<TimelineEntry>> GetTimelineAsync(string jobId);

    /// <summary>
    /// Stops the job: pending expert calls are cancelled, running generations stop, answered questions are kept. A job
    /// that has already ended is left as it is.
    /// </summary>
    /// <exception cref="JobNotFoundException">The cluster has no job of this id.</exception>
    Task CancelAsync(string jobId);

    /// <summary>
    /// Deletes an ended job (cancel a running one first): its report, plan and results are gone; its id is not used
    /// again (a small mark stays to refuse it). Results are durable until then; a service answering many one-question
    /// jobs forgets them to bound its store, and with <paramref name="reserveId"/> false leaves no mark either: for ids it
    /// generated and never uses again.
    /// </summary>
    /// <exception cref="JobNotFoundException">The cluster has no job of this id.</exception>
    /// <exception cref="InvalidOperationException">The job is still running.</exception>
    Task ForgetAsync(string jobId, bool reserveId = true);

    /// <summary>The workers and the models the cluster serves right now.</summary>
    Task<ClusterStatus> GetClusterStatusAsync();
}

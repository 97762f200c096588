using Mosaic.Abstractions.Jobs;

namespace Mosaic.Grains.Devices;

/// <summary>A worker's control surface, keyed by worker id and placed on that worker's silo.</summary>
[Alias("mosaic.worker")]
internal interface IWorkerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Queues the job's planned sessions (in order, after the sessions of other jobs of the same or a more urgent
    /// <paramref name="priority"/>) for generation <paramref name="generation"/>, replacing the job's sessions that
    /// have not started.
    /// </summary>
    [Alias("prepare")]
    Task PrepareAsync(string jobId, int generation, JobPriority priority, IReadOnlyList<SessionPlan> sessions);

    /// <summary>
    /// Takes back the job's expert calls that have not started, and its not-started sessions; running calls finish.
    /// From now on requests of generations older than <paramref name="generation"/> are refused.
    /// </summary>
    [Alias("withdraw")]
    Task<WithdrawResult> WithdrawAsync(string jobId, int generation);

    /// <summary>Cancels calls whether queued, running, or not arrived yet (they are then refused on arrival).</summary>
    [Alias("cancel")]
    Task CancelAsync(string jobId, IReadOnlyList<CallKey> calls);

    /// <summary>The job is complete: its open-ended sessions end once empty, its cancellation records are dropped.</summary>
    [Alias("close")]
    Task CloseAsync(string jobId);

    /// <summary>The job was cancelled or failed: every call of it stops, later requests are refused.</summary>
    [Alias("cancel-job")]
    Task CancelJobAsync(string jobId);

    [Alias("status")]
    Task<WorkerStatus> GetStatusAsync();

    /// <summary>This worker's loads and sessions for the job, in time order.</summary>
    [Alias("timeline")]
    Task<IReadOnlyList<TimelineEntry>> GetTimelineAsync(string jobId);
}

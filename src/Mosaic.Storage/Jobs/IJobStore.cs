namespace Mosaic.Storage.Jobs;

/// <summary>
/// Durable per-job data beside the grains' own state: the spec (written once), finished model calls, one row per
/// answered question, and the registry of running jobs that lets any silo resume a job nobody is watching.
/// Payloads are opaque bytes serialized by the grain layer.
/// </summary>
public interface IJobStore
{
    /// <summary>Writes the job's spec once, before any grain state; false when the job id already exists.</summary>
    Task<bool> TryCreateJobAsync(string jobId, ReadOnlyMemory<byte> spec, CancellationToken ct = default);

    Task<byte[]?> ReadSpecAsync(string jobId, CancellationToken ct = default);

    /// <summary>Removes everything of the job: spec, outputs, results, registry row.</summary>
    Task DeleteJobAsync(string jobId, CancellationToken ct = default);

    Task SetRunningAsync(string jobId, bool running, CancellationToken ct = default);

    Task<IReadOnlyList<string>> ListRunningJobsAsync(CancellationToken ct = default);

    /// <summary>
    /// Finished model calls, written by the worker that ran them before it reports them: keyed (job, question, slot);
    /// the first payload wins and every further write of the same key increments its completion count.
    /// </summary>
    Task SaveOutputsAsync(string jobId, IReadOnlyList<StoredOutput> outputs, CancellationToken ct = default);

    Task<IReadOnlyList<StoredOutput>> ReadOutputsAsync(string jobId, CancellationToken ct = default);

    /// <summary>Σ (completions − 1) over the job's outputs: calls computed more than once.</summary>
    Task<long> CountRepeatedCompletionsAsync(string jobId, CancellationToken ct = default);

    /// <summary>One row per answered question, written once (a second write of the same question is ignored).</summary>
    Task SaveResultsAsync(string jobId, IReadOnlyList<StoredResult> results, CancellationToken ct = default);

    /// <summary>Results in question order from <paramref name="fromIndex"/>, at most <paramref name="maxCount"/>.</summary>
    Task<IReadOnlyList<StoredResult>> ReadResultsAsync(string jobId, int fromIndex, int maxCount, CancellationToken ct = default);

    Task<IReadOnlyList<int>> ReadAnsweredIndexesAsync(string jobId, CancellationToken ct = default);

    Task<ResultTotals> ReadTotalsAsync(string jobId, CancellationToken ct = default);
}

namespace Mosaic.Storage.Jobs;

/// <summary>
/// Durable per-job records kept outside grain state: the job's spec, the registry of running jobs, the finished model
/// calls of every question and one result row per answered question. Payloads are opaque bytes (the grain layer
/// serializes them). Every call is one database round trip (PostgreSQL) or one transaction (SQLite), whatever the
/// number of rows; implementations are thread-safe and shared by all grains of a silo.
/// </summary>
/// <remarks>
/// Writes of outputs or results for a job that does not exist (never created, or deleted) throw
/// <see cref="KeyNotFoundException"/>. Timestamps are stored in UTC with microsecond precision and read back with
/// offset zero.
/// </remarks>
public interface IJobStore
{
    /// <summary>Writes the job's spec once, at submit (before any grain state).</summary>
    /// <returns><see langword="false"/> when the job id already exists (its spec is left unchanged).</returns>
    Task<bool> TryCreateJobAsync(string jobId, ReadOnlyMemory<byte> spec, CancellationToken ct = default);

    /// <summary>The spec written by <see cref="TryCreateJobAsync"/>, or <see langword="null"/> when the job does not exist.</summary>
    Task<byte[]?> ReadSpecAsync(string jobId, CancellationToken ct = default);

    /// <summary>Removes the job: spec, registry entry, outputs and results. Deleting a missing job does nothing.</summary>
    Task DeleteJobAsync(string jobId, CancellationToken ct = default);

    /// <summary>Marks the job running (listed by <see cref="ListRunningJobsAsync"/>) or not. Does nothing for a
    /// missing job, so a late call never resurrects a deleted one.</summary>
    Task SetRunningAsync(string jobId, bool running, CancellationToken ct = default);

    /// <summary>The ids of running jobs, in ordinal order: every silo periodically lists them and wakes their grains.</summary>
    Task<IReadOnlyList<string>> ListRunningJobsAsync(CancellationToken ct = default);

    /// <summary>
    /// Sets when the (ended) job may be deleted: from then on <see cref="ListExpiredJobsAsync"/> lists it. Does nothing
    /// for a missing job.
    /// </summary>
    Task SetExpiryAsync(string jobId, DateTimeOffset expiresAt, CancellationToken ct = default);

    /// <summary>The ids of jobs whose expiry is at or before <paramref name="now"/>, in ordinal order, at most <paramref name="maxCount"/>.</summary>
    Task<IReadOnlyList<string>> ListExpiredJobsAsync(DateTimeOffset now, int maxCount, CancellationToken ct = default);

    /// <summary>
    /// Records finished model calls (expert slots and the aggregator call), written by the worker that ran them before it
    /// reports them. Upsert keyed (job, question id, slot): the first payload ever written wins; every further write of
    /// the same key with another payload (a recomputed call: its worker, times or text differ), in this call or a later
    /// one, adds one to <see cref="StoredOutput.Completions"/> (the value passed in is ignored: each element is one
    /// completion). The same payload again adds nothing: it is a write retried after a failure that may have landed
    /// (a connection reset after the commit), not a second computation.
    /// </summary>
    Task SaveOutputsAsync(string jobId, IReadOnlyList<StoredOutput> outputs, CancellationToken ct = default);

    /// <summary>All stored outputs of the job, ordered by question id (ordinal) and slot.</summary>
    Task<IReadOnlyList<StoredOutput>> ReadOutputsAsync(string jobId, CancellationToken ct = default);

    /// <summary>Σ (completions − 1) over the job's outputs: how many model calls were run again after they had finished.</summary>
    Task<long> CountRepeatedCompletionsAsync(string jobId, CancellationToken ct = default);

    /// <summary>Inserts one row per answered question; a question index already stored (or repeated in the list) keeps
    /// its first row. The job's totals count each stored row once.</summary>
    Task SaveResultsAsync(string jobId, IReadOnlyList<StoredResult> results, CancellationToken ct = default);

    /// <summary>
    /// A page of results in question order: the rows with <see cref="StoredResult.QuestionIndex"/> ≥
    /// <paramref name="fromIndex"/>, at most <paramref name="maxCount"/>. Questions are answered out of order, so
    /// indexes may have gaps: ask for the next page from the last returned index + 1.
    /// </summary>
    Task<IReadOnlyList<StoredResult>> ReadResultsAsync(string jobId, int fromIndex, int maxCount, CancellationToken ct = default);

    /// <summary>The question indexes that have a result, ascending.</summary>
    Task<IReadOnlyList<int>> ReadAnsweredIndexesAsync(string jobId, CancellationToken ct = default);

    /// <summary>Totals over the job's results, kept up to date by <see cref="SaveResultsAsync"/> (O(1) to read). All zero
    /// for a job without results or a missing job.</summary>
    Task<ResultTotals> ReadTotalsAsync(string jobId, CancellationToken ct = default);
}

using Mosaic.Storage.Jobs;

namespace Mosaic.Integration.Tests;

/// <summary>
/// A job store whose result writes land but, the first <paramref name="lostAcks"/> times after every other write, report
/// a failure (a connection reset after the commit): the writer cannot tell a landed write from a lost one.
/// </summary>
internal sealed class AckLostJobStore(IJobStore inner, int lostAcks) : IJobStore
{
    private int _writes;
    private int _lost;

    /// <summary>Result writes that landed and were reported failed.</summary>
    public int Lost => Volatile.Read(ref _lost);

    public async Task SaveResultsAsync(string jobId, IReadOnlyList<StoredResult> results, CancellationToken ct = default)
    {
        await inner.SaveResultsAsync(jobId, results, ct);
        lock (inner)
        {
            if (++_writes % 2 == 1 || _lost == lostAcks)
            {
                return;
            }

            _lost++;
        }

        throw new IOException($"the connection was reset after {results.Count} result rows of job {jobId} were committed");
    }

    public Task<bool> TryCreateJobAsync(string jobId, ReadOnlyMemory<byte> spec, CancellationToken ct = default) => inner.TryCreateJobAsync(jobId, spec, ct);

    public Task<byte[]?> ReadSpecAsync(string jobId, CancellationToken ct = default) => inner.ReadSpecAsync(jobId, ct);

    public Task DeleteJobAsync(string jobId, CancellationToken ct = default) => inner.DeleteJobAsync(jobId, ct);

    public Task SetRunningAsync(string jobId, bool running, CancellationToken ct = default) => inner.SetRunningAsync(jobId, running, ct);

    public Task<IReadOnlyList<string>> ListRunningJobsAsync(CancellationToken ct = default) => inner.ListRunningJobsAsync(ct);

    public Task SetExpiryAsync(string jobId, DateTimeOffset expiresAt, CancellationToken ct = default) => inner.SetExpiryAsync(jobId, expiresAt, ct);

    public Task<IReadOnlyList<string>> ListExpiredJobsAsync(DateTimeOffset now, int maxCount, CancellationToken ct = default) => inner.ListExpiredJobsAsync(now, maxCount, ct);

    public Task SaveOutputsAsync(string jobId, IReadOnlyList<StoredOutput> outputs, CancellationToken ct = default) => inner.SaveOutputsAsync(jobId, outputs, ct);

    public Task<IReadOnlyList<StoredOutput>> ReadOutputsAsync(string jobId, CancellationToken ct = default) => inner.ReadOutputsAsync(jobId, ct);

    public Task<long> CountRepeatedCompletionsAsync(string jobId, CancellationToken ct = default) => inner.CountRepeatedCompletionsAsync(jobId, ct);

    public Task<IReadOnlyList<StoredResult>> ReadResultsAsync(string jobId, int fromIndex, int maxCount, CancellationToken ct = default) => inner.ReadResultsAsync(jobId, fromIndex, maxCount, ct);

    public Task<IReadOnlyList<int>> ReadAnsweredIndexesAsync(string jobId, CancellationToken ct = default) => inner.ReadAnsweredIndexesAsync(jobId, ct);

    public Task<ResultTotals> ReadTotalsAsync(string jobId, CancellationToken ct = default) => inner.ReadTotalsAsync(jobId, ct);
}

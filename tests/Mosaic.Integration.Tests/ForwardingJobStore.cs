using Mosaic.Storage.Jobs;

namespace Mosaic.Integration.Tests;

/// <summary>A job store that passes every call to <paramref name="inner"/>; a test's fault overrides the calls it breaks.</summary>
internal abstract class ForwardingJobStore(IJobStore inner) : IJobStore
{
    protected IJobStore Inner { get; } = inner;

    public virtual Task<bool> TryCreateJobAsync(string jobId, ReadOnlyMemory<byte> spec, CancellationToken ct = default) => Inner.TryCreateJobAsync(jobId, spec, ct);

    public virtual Task SaveResultsAsync(string jobId, IReadOnlyList<StoredResult> results, CancellationToken ct = default) => Inner.SaveResultsAsync(jobId, results, ct);

    public Task<byte[]?> ReadSpecAsync(string jobId, CancellationToken ct = default) => Inner.ReadSpecAsync(jobId, ct);

    public Task DeleteJobAsync(string jobId, CancellationToken ct = default) => Inner.DeleteJobAsync(jobId, ct);

    public Task SetRunningAsync(string jobId, bool running, CancellationToken ct = default) => Inner.SetRunningAsync(jobId, running, ct);

    public Task<IReadOnlyList<string>> ListRunningJobsAsync(CancellationToken ct = default) => Inner.ListRunningJobsAsync(ct);

    public Task SetExpiryAsync(string jobId, DateTimeOffset expiresAt, CancellationToken ct = default) => Inner.SetExpiryAsync(jobId, expiresAt, ct);

    public Task<IReadOnlyList<string>> ListExpiredJobsAsync(DateTimeOffset now, int maxCount, CancellationToken ct = default) => Inner.ListExpiredJobsAsync(now, maxCount, ct);

    public Task SaveOutputsAsync(string jobId, IReadOnlyList<StoredOutput> outputs, CancellationToken ct = default) => Inner.SaveOutputsAsync(jobId, outputs, ct);

    public Task<IReadOnlyList<StoredOutput>> ReadOutputsAsync(string jobId, CancellationToken ct = default) => Inner.ReadOutputsAsync(jobId, ct);

    public Task<long> CountRepeatedCompletionsAsync(string jobId, CancellationToken ct = default) => Inner.CountRepeatedCompletionsAsync(jobId, ct);

    public Task<IReadOnlyList<StoredResult>> ReadResultsAsync(string jobId, int fromIndex, int maxCount, CancellationToken ct = default) => Inner.ReadResultsAsync(jobId, fromIndex, maxCount, ct);

    public Task<IReadOnlyList<int>> ReadAnsweredIndexesAsync(string jobId, CancellationToken ct = default) => Inner.ReadAnsweredIndexesAsync(jobId, ct);

    public Task<ResultTotals> ReadTotalsAsync(string jobId, CancellationToken ct = default) => Inner.ReadTotalsAsync(jobId, ct);
}

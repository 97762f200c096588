using System.Collections.Concurrent;
using Mosaic.Storage.Jobs;

namespace Mosaic.Grains.Tests;

/// <summary>
/// Test double of <see cref="IJobStore"/>: keeps finished outputs in memory with the real store's rule (first payload
/// wins, later writes count completions); everything else is unused by the device and throws.
/// </summary>
internal sealed class JobStoreDouble : IJobStore
{
    private readonly ConcurrentDictionary<(string Job, string Question, int Slot), StoredOutput> _outputs = new();

    /// <summary>Makes the next <paramref name="count"/> writes fail, as a store that is briefly unreachable.</summary>
    public int FailNextWrites { get; set; }

    public int Writes { get; private set; }

    /// <summary>Jobs the store answers as deleted on every write (a <see cref="KeyNotFoundException"/>, as the real stores answer).</summary>
    public HashSet<string> Deleted { get; } = [];

    public Task SaveOutputsAsync(string jobId, IReadOnlyList<StoredOutput> outputs, CancellationToken ct = default)
    {
        lock (_outputs)
        {
            if (Deleted.Contains(jobId))
            {
                throw new KeyNotFoundException($"Job '{jobId}' does not exist in the job store (never created, or deleted).");
            }

            if (FailNextWrites > 0)
            {
                FailNextWrites--;
                throw new InvalidOperationException("store unavailable (test)");
            }

            Writes++;
            foreach (var output in outputs)
            {
                _outputs.AddOrUpdate(
                    (jobId, output.QuestionId, output.Slot),
                    output,
                    (_, existing) => existing with { Completions = existing.Completions + 1 });
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<StoredOutput>> ReadOutputsAsync(string jobId, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<StoredOutput>>([.. _outputs.Where(o => o.Key.Job == jobId).Select(o => o.Value)]);

    public Task<long> CountRepeatedCompletionsAsync(string jobId, CancellationToken ct = default) =>
        Task.FromResult(_outputs.Where(o => o.Key.Job == jobId).Sum(o => (long)o.Value.Completions - 1));

    public Task<bool> TryCreateJobAsync(string jobId, ReadOnlyMemory<byte> spec, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<byte[]?> ReadSpecAsync(string jobId, CancellationToken ct = default) => throw new NotSupportedException();

    public Task DeleteJobAsync(string jobId, CancellationToken ct = default) => throw new NotSupportedException();

    public Task SetRunningAsync(string jobId, bool running, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<string>> ListRunningJobsAsync(CancellationToken ct = default) => throw new NotSupportedException();

    public Task SetExpiryAsync(string jobId, DateTimeOffset expiresAt, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<string>> ListExpiredJobsAsync(DateTimeOffset now, int maxCount, CancellationToken ct = default) => throw new NotSupportedException();

    public Task SaveResultsAsync(string jobId, IReadOnlyList<StoredResult> results, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<StoredResult>> ReadResultsAsync(string jobId, int fromIndex, int maxCount, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<int>> ReadAnsweredIndexesAsync(string jobId, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<ResultTotals> ReadTotalsAsync(string jobId, CancellationToken ct = default) => throw new NotSupportedException();
}

using System.Collections.Concurrent;

namespace Mosaic.Storage.Jobs;

/// <summary>
/// A thread-safe job store in process memory, lost when the process exits. <see cref="Shared"/> hands out one instance
/// per name, so the in-process silos of a test cluster or benchmark (which share a service id) see one store.
/// Payloads are copied on the way in and out, as a database would.
/// </summary>
internal sealed class InMemoryJobStore : IJobStore
{
    private static readonly ConcurrentDictionary<string, InMemoryJobStore> Instances = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, InMemoryJob> jobs = new(StringComparer.Ordinal);

    /// <summary>The process-wide store called <paramref name="name"/> (created on first use).</summary>
    public static InMemoryJobStore Shared(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Instances.GetOrAdd(name, static _ => new InMemoryJobStore());
    }

    public Task<bool> TryCreateJobAsync(string jobId, ReadOnlyMemory<byte> spec, CancellationToken ct = default)
    {
        JobRows.CheckJobId(jobId);
        ct.ThrowIfCancellationRequested();
        return Task.FromResult(jobs.TryAdd(jobId, new InMemoryJob(spec.ToArray())));
    }

    public Task<byte[]?> ReadSpecAsync(string jobId, CancellationToken ct = default)
    {
        JobRows.CheckJobId(jobId);
        ct.ThrowIfCancellationRequested();
        return Task.FromResult(jobs.TryGetValue(jobId, out var job) ? job.Spec.ToArray() : null);
    }

    public Task DeleteJobAsync(string jobId, CancellationToken ct = default)
    {
        JobRows.CheckJobId(jobId);
        ct.ThrowIfCancellationRequested();
        if (jobs.TryRemove(jobId, out var job))
        {
            lock (job.Gate)
            {
                job.Deleted = true;
            }
        }

        return Task.CompletedTask;
    }

    public Task SetRunningAsync(string jobId, bool running, CancellationToken ct = default)
    {
        JobRows.CheckJobId(jobId);
        ct.ThrowIfCancellationRequested();
        if (jobs.TryGetValue(jobId, out var job))
        {
            lock (job.Gate)
            {
                job.Running = running;
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListRunningJobsAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var running = new List<string>();
        foreach (var (id, job) in jobs)
        {
            lock (job.Gate)
            {
                if (job.Running && !job.Deleted)
                {
                    running.Add(id);
                }
            }
        }

        running.Sort(StringComparer.Ordinal);
        return Task.FromResult<IReadOnlyList<string>>(running);
    }

    public Task SetExpiryAsync(string jobId, DateTimeOffset expiresAt, CancellationToken ct = default)
    {
        JobRows.CheckJobId(jobId);
        ct.ThrowIfCancellationRequested();
        if (jobs.TryGetValue(jobId, out var job))
        {
            lock (job.Gate)
            {
                job.ExpiresAt = JobTime.Normalize(expiresAt);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListExpiredJobsAsync(DateTimeOffset now, int maxCount, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var expired = new List<string>();
        foreach (var (id, job) in jobs)
        {
            lock (job.Gate)
            {
                if (job.ExpiresAt <= now && !job.Deleted)
                {
                    expired.Add(id);
                }
            }
        }

        expired.Sort(StringComparer.Ordinal);
        return Task.FromResult<IReadOnlyList<string>>([.. expired.Take(maxCount)]);
    }

    public Task SaveOutputsAsync(string jobId, IReadOnlyList<StoredOutput> outputs, CancellationToken ct = default)
    {
        JobRows.CheckJobId(jobId);
        var rows = JobRows.CoalesceOutputs(outputs);
        ct.ThrowIfCancellationRequested();
        if (rows.Length == 0)
        {
            return Task.CompletedTask;
        }

        return Write(jobId, job =>
        {
            foreach (var row in rows)
            {
                var key = (row.QuestionId, row.Slot);
                job.Outputs[key] = job.Outputs.TryGetValue(key, out var stored)
                    ? stored with { Completions = stored.Completions + row.Count - (stored.Payload.AsSpan().SequenceEqual(row.Payload) ? 1 : 0) }
                    : new StoredOutput(row.QuestionId, row.Slot, row.Payload.ToArray(), row.Count);
            }
        });
    }

    public Task<IReadOnlyList<StoredOutput>> ReadOutputsAsync(string jobId, CancellationToken ct = default) =>
        Read<IReadOnlyList<StoredOutput>>(jobId, ct, [], job => job.Outputs.Values
            .OrderBy(o => o.QuestionId, StringComparer.Ordinal)
            .ThenBy(o => o.Slot)
            .Select(o => o with { Payload = o.Payload.ToArray() })
            .ToArray());

    public Task<long> CountRepeatedCompletionsAsync(string jobId, CancellationToken ct = default) =>
        Read(jobId, ct, 0L, job => job.Outputs.Values.Sum(o => (long)o.Completions - 1));

    public Task SaveResultsAsync(string jobId, IReadOnlyList<StoredResult> results, CancellationToken ct = default)
    {
        JobRows.CheckJobId(jobId);
        var rows = JobRows.DistinctResults(results);
        ct.ThrowIfCancellationRequested();
        if (rows.Length == 0)
        {
            return Task.CompletedTask;
        }

        return Write(jobId, job =>
        {
            foreach (var row in rows)
            {
                if (job.Results.TryAdd(row.QuestionIndex, row with { Payload = row.Payload.ToArray() }))
                {
                    job.HighestAnsweredIndex = Math.Max(job.HighestAnsweredIndex, row.QuestionIndex);
                    job.Totals = job.Totals.Add(row.Summary);
                }
            }
        });
    }

    public Task<IReadOnlyList<StoredResult>> ReadResultsAsync(string jobId, int fromIndex, int maxCount, CancellationToken ct = default)
    {
        JobRows.CheckPage(fromIndex, maxCount);
        return Read<IReadOnlyList<StoredResult>>(jobId, ct, [], job =>
        {
            var page = new List<StoredResult>(Math.Min(maxCount, job.Results.Count));
            for (long index = fromIndex; index <= job.HighestAnsweredIndex && page.Count < maxCount; index++)
            {
                if (job.Results.TryGetValue((int)index, out var result))
                {
                    page.Add(result with { Payload = result.Payload.ToArray() });
                }
            }

            return page;
        });
    }

    public Task<IReadOnlyList<int>> ReadAnsweredIndexesAsync(string jobId, CancellationToken ct = default) =>
        Read<IReadOnlyList<int>>(jobId, ct, [], job => job.Results.Keys.Order().ToArray());

    public Task<ResultTotals> ReadTotalsAsync(string jobId, CancellationToken ct = default) =>
        Read(jobId, ct, ResultTotals.Empty, job => job.Totals);

    /// <summary>Applies <paramref name="change"/> under the job's lock; a faulted task when the job does not exist.</summary>
    private Task Write(string jobId, Action<InMemoryJob> change)
    {
        if (!jobs.TryGetValue(jobId, out var job))
        {
            return Task.FromException(JobRows.JobNotFound(jobId));
        }

        lock (job.Gate)
        {
            if (job.Deleted)
            {
                return Task.FromException(JobRows.JobNotFound(jobId));
            }

            change(job);
        }

        return Task.CompletedTask;
    }

    private Task<T> Read<T>(string jobId, CancellationToken ct, T missing, Func<InMemoryJob, T> read)
    {
        JobRows.CheckJobId(jobId);
        ct.ThrowIfCancellationRequested();
        if (!jobs.TryGetValue(jobId, out var job))
        {
            return Task.FromResult(missing);
        }

        lock (job.Gate)
        {
            return Task.FromResult(job.Deleted ? missing : read(job));
        }
    }
}

using Mosaic.Abstractions.Jobs;

namespace Mosaic.Grains.Devices;

/// <summary>
/// A worker's timeline per job: model loads, each session from its first call's start to its last call's end, skipped
/// sessions, each session marked when it is its model's first on this worker. Bounded: the most recent
/// <see cref="MaxJobs"/> jobs, at most <see cref="MaxEntriesPerJob"/> entries each.
/// Not thread-safe (the device calls it under its lock).
/// </summary>
internal sealed class DeviceTimeline(string worker)
{
    public const int MaxJobs = 64;
    public const int MaxEntriesPerJob = 10_000;

    private readonly Dictionary<string, JobTimeline> _jobs = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly HashSet<string> _ran = new(StringComparer.Ordinal);

    public void Add(string jobId, TimelineKind kind, string expert, DateTimeOffset start, DateTimeOffset end, int calls)
    {
        var job = Job(jobId);
        if (job.Entries.Count < MaxEntriesPerJob)
        {
            job.Entries.Add(new TimelineEntry(worker, kind, expert, start, end, calls));
        }
    }

    /// <summary>One more call of a session ended at <paramref name="end"/>: the session's entry grows to cover it.</summary>
    public void SessionCall(string jobId, long sessionId, TimelineKind kind, string expert, DateTimeOffset start, DateTimeOffset end)
    {
        var job = Job(jobId);
        if (job.SessionIndex.TryGetValue(sessionId, out var index))
        {
            var entry = job.Entries[index];
            job.Entries[index] = entry with
            {
                Start = start < entry.Start ? start : entry.Start,
                End = end > entry.End ? end : entry.End,
                Calls = entry.Calls + 1,
            };
        }
        else if (job.Entries.Count < MaxEntriesPerJob)
        {
            job.SessionIndex[sessionId] = job.Entries.Count;
            job.Entries.Add(new TimelineEntry(worker, kind, expert, start, end, 1, FirstRun: _ran.Add(expert)));
        }
    }

    public IReadOnlyList<TimelineEntry> Of(string jobId) =>
        _jobs.TryGetValue(jobId, out var job) ? [.. job.Entries.OrderBy(e => e.Start)] : [];

    private JobTimeline Job(string jobId)
    {
        if (!_jobs.TryGetValue(jobId, out var job))
        {
            _jobs[jobId] = job = new JobTimeline();
            _order.Enqueue(jobId);
            while (_order.Count > MaxJobs)
            {
                _jobs.Remove(_order.Dequeue());
            }
        }

        return job;
    }

    private sealed class JobTimeline
    {
        public List<TimelineEntry> Entries { get; } = [];

        public Dictionary<long, int> SessionIndex { get; } = [];
    }
}

namespace Mosaic.Grains.Backends;

/// <summary>The emulated questions of the last few jobs read, each read once however many callers ask at a time; a read that failed is read again by the next caller.</summary>
internal sealed class RecentJobs
{
    private const int Capacity = 16;
    private readonly object _lock = new();
    private readonly Dictionary<string, Task<EmulatedJob>> _jobs = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public Task<EmulatedJob> GetOrAdd(string jobId, Func<Task<EmulatedJob>> read)
    {
        lock (_lock)
        {
            if (_jobs.TryGetValue(jobId, out var known) && !known.IsFaulted && !known.IsCanceled)
            {
                return known;
            }

            if (!_jobs.ContainsKey(jobId))
            {
                _order.Enqueue(jobId);
            }

            var reading = read();
            _jobs[jobId] = reading;
            while (_order.Count > Capacity)
            {
                _jobs.Remove(_order.Dequeue());
            }

            return reading;
        }
    }
}

namespace Mosaic.Grains.Backends;

/// <summary>
/// One task per job for the last <paramref name="capacity"/> jobs asked about (oldest forgotten first), started once
/// however many callers ask at a time and not tied to any caller's cancellation; a task that failed or was cancelled
/// is started again by the next caller.
/// </summary>
internal sealed class RecentJobTasks<T>(int capacity)
{
    private readonly object _lock = new();
    private readonly Dictionary<string, Task<T>> _tasks = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public Task<T> GetOrStart(string jobId, Func<Task<T>> start)
    {
        lock (_lock)
        {
            if (_tasks.TryGetValue(jobId, out var known) && !known.IsFaulted && !known.IsCanceled)
            {
                return known;
            }

            if (!_tasks.ContainsKey(jobId))
            {
                _order.Enqueue(jobId);
            }

            var started = start();
            _tasks[jobId] = started;
            while (_order.Count > capacity)
            {
                _tasks.Remove(_order.Dequeue());
            }

            return started;
        }
    }
}

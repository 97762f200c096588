namespace Mosaic.Grains.Devices.Sessions;

/// <summary>The most recent jobs that were closed or cancelled on this worker, bounded in number (oldest forgotten first).</summary>
internal sealed class RetiredJobs(int capacity)
{
    private readonly HashSet<string> _ended = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public bool Contains(string jobId) => _ended.Contains(jobId);

    /// <summary>Remembers the job as ended; a job already remembered keeps its place in the order.</summary>
    public void Add(string jobId)
    {
        if (!_ended.Add(jobId))
        {
            return;
        }

        _order.Enqueue(jobId);
        while (_order.Count > capacity)
        {
            _ended.Remove(_order.Dequeue());
        }
    }
}

namespace Mosaic.Grains.Devices.Sessions;

/// <summary>The most recent jobs that were closed or cancelled on this worker, bounded in number (oldest forgotten first).</summary>
internal sealed class RetiredJobs(int capacity)
{
    private readonly Dictionary<string, JobEnd> _ended = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public bool Contains(string jobId) => _ended.ContainsKey(jobId);

    public void Add(string jobId, JobEnd end)
    {
        if (_ended.TryGetValue(jobId, out var previous))
        {
            // A cancellation after a close still wins: it is the stronger statement.
            _ended[jobId] = previous == JobEnd.Cancelled ? previous : end;
            return;
        }

        _ended[jobId] = end;
        _order.Enqueue(jobId);
        while (_order.Count > capacity)
        {
            _ended.Remove(_order.Dequeue());
        }
    }
}

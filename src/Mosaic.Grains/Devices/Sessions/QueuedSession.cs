namespace Mosaic.Grains.Devices.Sessions;

/// <summary>
/// One session in a worker's order: a planned session expects exactly the calls in <see cref="Expected"/> (until they
/// arrive, are cancelled, or it stops expecting); an open-ended one takes whatever arrives for its job and expert.
/// Arrived calls wait in FIFO order. Mutable; owned by <see cref="SessionQueue"/>.
/// </summary>
internal sealed class QueuedSession(long id, string jobId, string expert, int generation, bool planned, TimeSpan createdAt)
{
    private readonly LinkedList<QueuedCall> _queue = new();
    private readonly Dictionary<CallKey, LinkedListNode<QueuedCall>> _nodes = [];

    public long Id { get; } = id;

    public string JobId { get; } = jobId;

    public string Expert { get; } = expert;

    /// <summary>The job generation that prepared it (open-ended sessions: the one that created it).</summary>
    public int Generation { get; } = generation;

    public bool Planned { get; } = planned;

    public HashSet<CallKey> Expected { get; } = [];

    /// <summary>Calls admitted and not finished.</summary>
    public int Running { get; set; }

    /// <summary>At least one call was admitted: the session is past the point where a re-plan may replace it.</summary>
    public bool Started { get; set; }

    /// <summary>When a call last arrived or started, or when the session was prepared: the start of its wait.</summary>
    public TimeSpan LastActivity { get; set; } = createdAt;

    public int QueuedCount => _queue.Count;

    public IEnumerable<InferenceRequest> Queued => _queue.Select(call => call.Request);

    /// <summary>When the call at the head of the queue arrived; null when nothing is queued.</summary>
    public TimeSpan? OldestArrival => _queue.First?.Value.Arrived;

    public void Enqueue(QueuedCall call) => _nodes[call.Request.Key] = _queue.AddLast(call);

    /// <summary>Puts a call that was stopped before it could finish back at the head, so it goes first when the session runs again.</summary>
    public void Requeue(QueuedCall call) => _nodes[call.Request.Key] = _queue.AddFirst(call);

    /// <summary>Swaps a queued call for a newer copy, keeping its place and its arrival.</summary>
    public void Replace(InferenceRequest request)
    {
        var node = _nodes[request.Key];
        node.Value = node.Value with { Request = request };
    }

    public QueuedCall? Remove(CallKey key)
    {
        if (!_nodes.Remove(key, out var node))
        {
            return null;
        }

        _queue.Remove(node);
        return node.Value;
    }

    public QueuedCall Dequeue()
    {
        var first = _queue.First ?? throw new InvalidOperationException($"session {Id} has no queued call");
        _queue.RemoveFirst();
        _nodes.Remove(first.Value.Request.Key);
        return first.Value;
    }

    public bool IsFinished(bool jobClosed) =>
        _queue.Count == 0 && Running == 0 && (Planned ? Expected.Count == 0 : jobClosed);

    public override string ToString() => $"{JobId}/{Expert}#{Id}";
}

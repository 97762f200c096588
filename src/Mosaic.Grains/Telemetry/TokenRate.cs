namespace Mosaic.Grains.Telemetry;

/// <summary>
/// Generated tokens per second for each (worker, expert) over a sliding window: the output tokens of the calls that
/// finished within the last <see cref="Window"/>, divided by it. A pair seen once keeps reporting (0 when idle), so a
/// gauge built on it falls to zero instead of vanishing. Thread-safe.
/// </summary>
internal sealed class TokenRate(TimeProvider time, TimeSpan window)
{
    private readonly object _lock = new();
    private readonly Dictionary<(string Worker, string Expert), Queue<(long At, long Tokens)>> _recent = [];

    public TimeSpan Window { get; } = window > TimeSpan.Zero ? window : throw new ArgumentOutOfRangeException(nameof(window));

    /// <summary>Calls held across all pairs (those within the window, plus at most the one just added per pair).</summary>
    internal int Retained
    {
        get
        {
            lock (_lock)
            {
                return _recent.Values.Sum(q => q.Count);
            }
        }
    }

    public void Add(string worker, string expert, long tokens)
    {
        lock (_lock)
        {
            if (!_recent.TryGetValue((worker, expert), out var calls))
            {
                _recent[(worker, expert)] = calls = new Queue<(long, long)>();
            }

            var now = time.GetTimestamp();
            calls.Enqueue((now, tokens));
            Prune(calls, now); // without a metrics reader Snapshot never runs: the window must not grow with every call
        }
    }

    public IReadOnlyList<(string Worker, string Expert, double PerSecond)> Snapshot()
    {
        lock (_lock)
        {
            var now = time.GetTimestamp();
            var rates = new List<(string, string, double)>(_recent.Count);
            foreach (var ((worker, expert), calls) in _recent)
            {
                Prune(calls, now);
                rates.Add((worker, expert, calls.Sum(c => c.Tokens) / Window.TotalSeconds));
            }

            return rates;
        }
    }

    private void Prune(Queue<(long At, long Tokens)> calls, long now)
    {
        while (calls.Count > 0 && time.GetElapsedTime(calls.Peek().At, now) > Window)
        {
            calls.Dequeue();
        }
    }
}

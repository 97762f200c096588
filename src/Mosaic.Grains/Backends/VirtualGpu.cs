namespace Mosaic.Grains.Backends;

/// <summary>
/// The emulated device, in the calibrated emulation's terms (<c>docs/emulation.md</c>): the calls on it share one GPU,
/// served one at a time, each for its share of a saturated engine run, so N calls take the sum of their shares. A call
/// completes at the later of the end of its share and its join time plus its latency (its output decoded alone, which
/// a busy engine cannot shorten); the call that leaves the GPU last in an engine run completes no earlier than the run's
/// floor D(n) after the run began (<see cref="BeginRun"/>). Every due time is absolute, computed from the start of the
/// call in service, so timer overshoot never accumulates over thousands of short calls. A cancelled call stops costing
/// at once and the calls behind it move up. Thread-safe.
/// </summary>
internal sealed class VirtualGpu(TimeProvider time)
{
    /// <summary>Shorter waits are not slept (the timer cannot resolve them).</summary>
    private static readonly TimeSpan MinimumSleep = TimeSpan.FromMilliseconds(2);

    private readonly object _gate = new();

    /// <summary>The call in service first, then the waiting ones in serving order.</summary>
    private readonly List<Work> _queue = [];
    private readonly long _origin = time.GetTimestamp();
    private TimeSpan _headStart;
    private long _sequence;
    private TimeSpan _runStart;
    private Func<int, TimeSpan>? _floor;
    private int _served;
    private TimeSpan _readyAt;

    /// <summary>Calls queued or being served (not those only waiting out their latency).</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>
    /// An engine run begins now (a model was loaded): from here, the call that leaves the GPU with nothing behind it
    /// completes no earlier than <paramref name="floor"/>(calls served so far in the run) after now.
    /// </summary>
    public void BeginRun(Func<int, TimeSpan>? floor)
    {
        lock (_gate)
        {
            _runStart = Now;
            _readyAt = _runStart;
            _floor = floor;
            _served = 0;
        }
    }

    /// <summary>
    /// Occupies the GPU for <paramref name="duration"/> ahead of the calls that arrive later (an engine's start-up);
    /// no call's latency starts before it ends: a call cannot decode on an engine that is not up.
    /// </summary>
    public void Reserve(TimeSpan duration)
    {
        lock (_gate)
        {
            var now = Now;
            var work = new Work(duration, now, GpuOrder.Arrival, ++_sequence) { Counts = false };
            Insert(work, now);
            _readyAt = work.Due;
        }
    }

    /// <summary>
    /// Completes once <paramref name="share"/> of GPU time has been served to this call in <paramref name="order"/>
    /// and <paramref name="latency"/> has passed since it joined (and, if it is the run's last, the run's floor);
    /// throws when cancelled.
    /// </summary>
    public async Task RunAsync(TimeSpan share, TimeSpan latency, GpuOrder order, CancellationToken cancellationToken)
    {
        Work work;
        lock (_gate)
        {
            var now = Now;
            work = new Work(share, (_readyAt > now ? _readyAt : now) + latency, order, ++_sequence);
            Insert(work, now);
        }

        try
        {
            while (true)
            {
                Task changed;
                TimeSpan wait;
                lock (_gate)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var now = Now;
                    Serve(now);
                    wait = (work.InQueue ? work.Due : work.Finish) - now;
                    if (!work.InQueue && wait < MinimumSleep)
                    {
                        return;
                    }

                    changed = work.Changed.Task;
                }

                if (wait >= MinimumSleep)
                {
                    await Task.WhenAny(Task.Delay(wait, time, cancellationToken), changed);
                }
                else
                {
                    await Task.Yield();
                }
            }
        }
        catch (OperationCanceledException)
        {
            lock (_gate)
            {
                Remove(work);
            }

            throw;
        }
    }

    private TimeSpan Now => time.GetElapsedTime(_origin);

    /// <summary>Takes every call whose share has been served off the GPU, in order, and starts the next.</summary>
    private void Serve(TimeSpan now)
    {
        while (_queue.Count > 0 && _queue[0].Due - now < MinimumSleep)
        {
            var done = _queue[0];
            _queue.RemoveAt(0);
            _served += done.Counts ? 1 : 0;
            _headStart = done.Due;
            done.InQueue = false;
            done.Finish = done.Due > done.LatencyEnd ? done.Due : done.LatencyEnd;
            if (_queue.Count == 0 && _floor is { } floor && _runStart + floor(_served) is var floorEnd && floorEnd > done.Finish)
            {
                done.Finish = floorEnd;
            }

            done.Signal();
        }
    }

    private void Insert(Work work, TimeSpan now)
    {
        Serve(now);
        if (_queue.Count == 0)
        {
            _headStart = now;
            _queue.Add(work);
            Reschedule(0);
            return;
        }

        // The call in service keeps the GPU unless the newcomer is shorter than what it has left (shortest first).
        var head = _queue[0];
        if (work.Order == GpuOrder.ShortestFirst && head.Order == GpuOrder.ShortestFirst && work.Remaining < head.Due - now)
        {
            _queue.RemoveAt(0);
            head.Remaining = head.Due - now;
            _headStart = now;
            _queue.Insert(0, work);
            Place(head, 1);
            Reschedule(0);
            return;
        }

        Place(work, 1);
        Reschedule(1);
    }

    /// <summary>Puts a waiting call in serving order at or after <paramref name="from"/>.</summary>
    private void Place(Work work, int from)
    {
        var index = _queue.Count;
        if (work.Order == GpuOrder.ShortestFirst)
        {
            for (var i = from; i < _queue.Count; i++)
            {
                if (_queue[i].Order == GpuOrder.ShortestFirst
                    && (work.Remaining < _queue[i].Remaining || (work.Remaining == _queue[i].Remaining && work.Sequence < _queue[i].Sequence)))
                {
                    index = i;
                    break;
                }
            }
        }

        _queue.Insert(index, work);
    }

    /// <summary>Recomputes due times from <paramref name="from"/> on; wakes the calls whose due time came earlier.</summary>
    private void Reschedule(int from)
    {
        var due = from == 0 ? _headStart : _queue[from - 1].Due;
        for (var i = from; i < _queue.Count; i++)
        {
            due += _queue[i].Remaining;
            var earlier = due < _queue[i].Due;
            _queue[i].Due = due;
            if (earlier)
            {
                _queue[i].Signal();
            }
        }
    }

    /// <summary>A cancelled call: if it was in service, the time it did not use goes to the calls behind it.</summary>
    private void Remove(Work work)
    {
        if (!work.InQueue)
        {
            return;
        }

        var index = _queue.IndexOf(work);
        _queue.RemoveAt(index);
        work.InQueue = false;
        if (index == 0)
        {
            _served++;
            _headStart = Now;
        }

        if (index < _queue.Count)
        {
            Reschedule(index);
        }
    }

    private sealed class Work(TimeSpan share, TimeSpan latencyEnd, GpuOrder order, long sequence)
    {
        public TimeSpan Remaining { get; set; } = share;

        public TimeSpan LatencyEnd { get; } = latencyEnd;

        public GpuOrder Order { get; } = order;

        public long Sequence { get; } = sequence;

        public bool InQueue { get; set; } = true;

        /// <summary>A call of the run (not a reservation): counts towards the run's floor.</summary>
        public bool Counts { get; init; } = true;

        /// <summary>When its share will have been served.</summary>
        public TimeSpan Due { get; set; } = TimeSpan.MaxValue;

        /// <summary>Once off the GPU: when it completes.</summary>
        public TimeSpan Finish { get; set; }

        public TaskCompletionSource Changed { get; private set; } = NewSignal();

        public void Signal()
        {
            var changed = Changed;
            Changed = NewSignal();
            changed.TrySetResult();
        }

        private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

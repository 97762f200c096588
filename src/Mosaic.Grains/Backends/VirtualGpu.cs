namespace Mosaic.Grains.Backends;

/// <summary>
/// The emulated device: the calls running on it share one GPU, so they are served one after another in arrival order
/// and N calls take the sum of their costs. Each call's deadline is fixed when it arrives (absolute, so timer overshoot
/// never accumulates over thousands of short calls); a cancelled call stops costing at once and the calls behind it
/// move up by the time it no longer uses. Thread-safe.
/// </summary>
internal sealed class VirtualGpu(TimeProvider time)
{
    /// <summary>Shorter waits are not slept (the timer cannot resolve them).</summary>
    private static readonly TimeSpan MinimumSleep = TimeSpan.FromMilliseconds(2);

    private readonly object _gate = new();
    private readonly LinkedList<Work> _works = new();
    private readonly long _origin = time.GetTimestamp();
    private TimeSpan _busyUntil;

    /// <summary>Calls queued or being served.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _works.Count;
            }
        }
    }

    /// <summary>Completes once every earlier call and then <paramref name="cost"/> of GPU time have passed; throws when cancelled.</summary>
    public async Task RunAsync(TimeSpan cost, CancellationToken cancellationToken)
    {
        LinkedListNode<Work> node;
        lock (_gate)
        {
            var now = Now;
            _busyUntil = (_busyUntil > now ? _busyUntil : now) + cost;
            node = _works.AddLast(new Work(cost, _busyUntil));
        }

        var cancelled = true;
        try
        {
            while (true)
            {
                Task changed;
                TimeSpan wait;
                lock (_gate)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    wait = node.Value.Due - Now;
                    changed = node.Value.Changed.Task;
                }

                if (wait < MinimumSleep)
                {
                    cancelled = false;
                    return;
                }

                await Task.WhenAny(Task.Delay(wait, time, cancellationToken), changed);
            }
        }
        finally
        {
            lock (_gate)
            {
                Release(node, cancelled);
            }
        }
    }

    private TimeSpan Now => time.GetElapsedTime(_origin);

    /// <summary>Removes a finished or cancelled call; the time a cancelled one did not use goes to the calls behind it.</summary>
    private void Release(LinkedListNode<Work> node, bool cancelled)
    {
        var unused = cancelled ? node.Value.Due - Now : TimeSpan.Zero;
        if (unused > node.Value.Cost)
        {
            unused = node.Value.Cost;
        }

        if (unused > TimeSpan.Zero)
        {
            _busyUntil -= unused;
            for (var later = node.Next; later is not null; later = later.Next)
            {
                later.Value.Due -= unused;
                later.Value.Signal();
            }
        }

        _works.Remove(node);
    }

    private sealed class Work(TimeSpan cost, TimeSpan due)
    {
        public TimeSpan Cost { get; } = cost;

        public TimeSpan Due { get; set; } = due;

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

namespace Mosaic.Grains.Backends;

/// <summary>
/// The emulated device: the calls running on it share one GPU, so they are served one after another in arrival order
/// and N calls take the sum of their costs. Deadlines are absolute, so timer overshoot never accumulates over
/// thousands of short calls; a cancelled call stops costing at once. Thread-safe.
/// </summary>
internal sealed class VirtualGpu(TimeProvider time)
{
    /// <summary>Shorter waits are not slept (the timer cannot resolve them); the deadline still advances.</summary>
    private static readonly TimeSpan MinimumSleep = TimeSpan.FromMilliseconds(2);

    private readonly object _gate = new();
    private readonly Queue<Work> _waiting = new();
    private readonly long _origin = time.GetTimestamp();
    private bool _busy;
    private TimeSpan _due;

    /// <summary>Calls queued or being served.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count + (_busy ? 1 : 0);
            }
        }
    }

    /// <summary>Completes after every earlier call and then <paramref name="cost"/> of GPU time; cancelled when the token fires.</summary>
    public Task RunAsync(TimeSpan cost, CancellationToken cancellationToken)
    {
        var work = new Work(cost, cancellationToken);
        work.Registration = cancellationToken.Register(() => work.Done.TrySetCanceled(cancellationToken));
        lock (_gate)
        {
            _waiting.Enqueue(work);
            if (!_busy)
            {
                _busy = true;
                _ = Task.Run(ServeAsync, CancellationToken.None);
            }
        }

        return work.Done.Task;
    }

    private TimeSpan Now => time.GetElapsedTime(_origin);

    private async Task ServeAsync()
    {
        while (true)
        {
            Work work;
            lock (_gate)
            {
                if (!_waiting.TryDequeue(out work!))
                {
                    _busy = false;
                    return;
                }

                if (_due < Now)
                {
                    _due = Now;
                }
            }

            if (work.Done.Task.IsCompleted)
            {
                work.Registration.Dispose();
                continue;
            }

            _due += work.Cost;
            var wait = _due - Now;
            try
            {
                if (wait >= MinimumSleep)
                {
                    await Task.Delay(wait, time, work.Cancellation);
                }

                work.Done.TrySetResult();
            }
            catch (OperationCanceledException)
            {
                // Only the time it actually ran was spent.
                _due = Now;
                work.Done.TrySetCanceled(work.Cancellation);
            }
            finally
            {
                work.Registration.Dispose();
            }
        }
    }

    private sealed class Work(TimeSpan cost, CancellationToken cancellation)
    {
        public TimeSpan Cost { get; } = cost;

        public CancellationToken Cancellation { get; } = cancellation;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Registration { get; set; }
    }
}

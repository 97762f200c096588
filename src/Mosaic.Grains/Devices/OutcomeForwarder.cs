using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mosaic.Abstractions.Results;
using Mosaic.Grains.Aggregation;
using Mosaic.Grains.Hosting;
using Mosaic.Storage.Jobs;
using Orleans.Serialization;

namespace Mosaic.Grains.Devices;

/// <summary>
/// Takes finished calls from this silo's device and, per job, in batches (every
/// <see cref="MosaicGrainsOptions.OutcomeFlushMilliseconds"/> or at <see cref="BatchSize"/>): first persists the completed
/// and failed ones (<see cref="IJobStore.SaveOutputsAsync"/>, payload = the Orleans-serialized outcome), then reports
/// the batch to the job's aggregation grain, each step retried until it succeeds (<see cref="PersistentRetry"/>: a
/// storage outage or a lost aggregation silo delays the job, the outcomes wait here; a job deleted meanwhile is given
/// up at once). Only while the silo shuts down is
/// a report given up, after <see cref="ShutdownRetryDeadline"/> (its outputs are persisted; a resumed job reads them). One report per
/// job is in flight at a time: what is persisted meanwhile waits here and goes in the next, so an aggregation grain
/// slower than the devices has a short queue, not one that grows with the job.
/// </summary>
internal sealed class OutcomeForwarder : IAsyncDisposable
{
    public const int BatchSize = 256;

    /// <summary>While the silo shuts down, a batch is retried this long at most, so shutdown is not held up.</summary>
    private static readonly TimeSpan ShutdownRetryDeadline = TimeSpan.FromSeconds(5);

    private readonly object _lock = new();
    private readonly Dictionary<string, List<CallOutcome>> _buffers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<CallOutcome>> _unreported = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reporting = new(StringComparer.Ordinal);
    private readonly HashSet<Task> _background = [];
    private readonly SemaphoreSlim _persistGate = new(1, 1);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly IJobStore _store;
    private readonly Func<string, IAggregationGrain> _aggregation;
    private readonly Serializer _serializer;
    private readonly TimeProvider _time;
    private readonly PersistentRetry _retry;
    private readonly TimeSpan _flushDelay;
    private readonly Task _loop;
    private TaskCompletionSource _pending = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _persisted;
    private long _shutdownAt;
    private long _droppedReports;

    public OutcomeForwarder(
        IJobStore store,
        Func<string, IAggregationGrain> aggregation,
        Serializer serializer,
        IOptions<MosaicGrainsOptions> options,
        TimeProvider time,
        ILogger<OutcomeForwarder> logger)
    {
        _store = store;
        _aggregation = aggregation;
        _serializer = serializer;
        _time = time;
        _retry = new PersistentRetry(time, logger);
        _flushDelay = TimeSpan.FromMilliseconds(options.Value.OutcomeFlushMilliseconds);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Outcomes persisted so far (completed and failed calls).</summary>
    public long Persisted => Interlocked.Read(ref _persisted);

    /// <summary>Report batches given up while the silo shut down.</summary>
    public long DroppedReports => Interlocked.Read(ref _droppedReports);

    public void Add(string jobId, CallOutcome outcome)
    {
        bool full;
        lock (_lock)
        {
            if (_shutdown.IsCancellationRequested)
            {
                return;
            }

            if (!_buffers.TryGetValue(jobId, out var buffer))
            {
                _buffers[jobId] = buffer = [];
            }

            buffer.Add(outcome);
            full = buffer.Count >= BatchSize;
            _pending.TrySetResult();
        }

        if (full)
        {
            // Off the caller's thread: the device calls this under its lock.
            Track(Task.Run(() => FlushAsync(jobId)));
        }
    }

    /// <summary>
    /// Persists every outcome of the job added so far (waiting for a flush already writing them); the report to the
    /// aggregation grain follows in the background.
    /// </summary>
    public async Task FlushAsync(string jobId)
    {
        List<CallOutcome>? batch;
        await _persistGate.WaitAsync();
        try
        {
            lock (_lock)
            {
                _buffers.Remove(jobId, out batch);
            }

            if (batch is null)
            {
                return;
            }

            await PersistAsync(jobId, batch);
        }
        finally
        {
            _persistGate.Release();
        }

        QueueReport(jobId, batch);
    }

    public async ValueTask DisposeAsync()
    {
        if (await StopAsync(keepUnsent: true))
        {
            _shutdown.Dispose();
        }
    }

    /// <summary>
    /// Stops as a crash would: outcomes not yet persisted are dropped (a re-plan runs those calls again) and nothing
    /// more is written. For a silo killed without a graceful stop, whose process may live on (an in-process test
    /// cluster): a forwarder that kept flushing would persist calls the cluster already gave to other workers.
    /// </summary>
    public Task AbandonAsync() => StopAsync(keepUnsent: false);

    /// <summary>
    /// Stops the flush loop, first persisting and reporting what is buffered when <paramref name="keepUnsent"/>, else
    /// dropping it; waits for the reports already under way. False when it had already stopped.
    /// </summary>
    private async Task<bool> StopAsync(bool keepUnsent)
    {
        lock (_lock)
        {
            if (_shutdown.IsCancellationRequested)
            {
                return false;
            }

            _shutdownAt = _time.GetTimestamp();
            _shutdown.Cancel();
            _pending.TrySetResult();
            if (!keepUnsent)
            {
                _buffers.Clear();
                _unreported.Clear();
            }
        }

        await _loop;
        if (keepUnsent)
        {
            await FlushAllAsync();
        }

        Task[] background;
        lock (_lock)
        {
            background = [.. _background];
        }

        await Task.WhenAll(background);
        return true;
    }

    private async Task RunAsync()
    {
        while (!_shutdown.IsCancellationRequested)
        {
            Task pending;
            lock (_lock)
            {
                if (_buffers.Count == 0 && _pending.Task.IsCompleted)
                {
                    _pending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                pending = _pending.Task;
            }

            await pending;
            try
            {
                await Task.Delay(_flushDelay, _time, _shutdown.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await FlushAllAsync();
        }
    }

    private async Task FlushAllAsync()
    {
        string[] jobs;
        lock (_lock)
        {
            jobs = [.. _buffers.Keys];
        }

        foreach (var jobId in jobs)
        {
            await FlushAsync(jobId);
        }
    }

    private async Task PersistAsync(string jobId, List<CallOutcome> batch)
    {
        var outputs = batch
            .Where(o => o.Status is CallStatus.Completed or CallStatus.Failed)
            .Select(o => new StoredOutput(o.Key.QuestionId, o.Key.Slot, _serializer.SerializeToArray(o)))
            .ToArray();
        for (var start = 0; start < outputs.Length; start += BatchSize)
        {
            var chunk = outputs[start..Math.Min(outputs.Length, start + BatchSize)];
            var saved = await RetryAsync(() => _store.SaveOutputsAsync(jobId, chunk), $"persisting {chunk.Length} outputs of job {jobId}");
            if (saved)
            {
                Interlocked.Add(ref _persisted, chunk.Length);
            }
        }
    }

    /// <summary>Adds persisted outcomes to the job's next report, starting the job's reporter unless it runs.</summary>
    private void QueueReport(string jobId, List<CallOutcome> batch)
    {
        lock (_lock)
        {
            if (_unreported.TryGetValue(jobId, out var waiting))
            {
                waiting.AddRange(batch);
            }
            else
            {
                _unreported[jobId] = batch;
            }

            if (!_reporting.Add(jobId))
            {
                return;
            }
        }

        Track(Task.Run(() => ReportQueuedAsync(jobId)));
    }

    private async Task ReportQueuedAsync(string jobId)
    {
        while (true)
        {
            List<CallOutcome>? batch;
            lock (_lock)
            {
                if (!_unreported.Remove(jobId, out batch))
                {
                    _reporting.Remove(jobId);
                    return;
                }
            }

            await ReportAsync(jobId, batch);
        }
    }

    private async Task ReportAsync(string jobId, List<CallOutcome> batch)
    {
        for (var start = 0; start < batch.Count; start += BatchSize)
        {
            var chunk = batch.GetRange(start, Math.Min(BatchSize, batch.Count - start));
            if (!await RetryAsync(() => _aggregation(jobId).ReportAsync(chunk), $"reporting {chunk.Count} outcomes of job {jobId}"))
            {
                Interlocked.Increment(ref _droppedReports);
                if (_shutdown.IsCancellationRequested)
                {
                    // Stopping: the rest would wait out the same deadline one after another. Their outputs are persisted.
                    Interlocked.Add(ref _droppedReports, (batch.Count - start - chunk.Count + BatchSize - 1) / BatchSize);
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> until it succeeds; once the silo is shutting down, only until
    /// <see cref="ShutdownRetryDeadline"/> after the shutdown (queued reports wait their turn, so a per-attempt deadline
    /// would add up), and not at all when the silo's services are already gone.
    /// </summary>
    private Task<bool> RetryAsync(Func<Task> attempt, string what) => _retry.RunAsync(attempt, what, (error, backoff) =>
        !_shutdown.IsCancellationRequested
        || (error is not ObjectDisposedException && _time.GetElapsedTime(Volatile.Read(ref _shutdownAt)) + backoff < ShutdownRetryDeadline));

    private void Track(Task task)
    {
        lock (_lock)
        {
            _background.Add(task);
        }

        task.ContinueWith(
            t =>
            {
                lock (_lock)
                {
                    _background.Remove(t);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}

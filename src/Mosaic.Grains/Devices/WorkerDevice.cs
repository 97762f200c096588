using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mosaic.Abstractions.Results;
using Mosaic.Grains.Backends;
using Mosaic.Grains.Devices.Sessions;
using Mosaic.Grains.Hosting;
using Mosaic.Grains.Telemetry;
using JobPriority = Mosaic.Abstractions.Jobs.JobPriority;
using TimelineEntry = Mosaic.Abstractions.Jobs.TimelineEntry;
using TimelineKind = Mosaic.Abstractions.Jobs.TimelineKind;

namespace Mosaic.Grains.Devices;

/// <summary>
/// Owns one worker's device (one per silo). The loop is schedule → execute → update: <see cref="SessionQueue.Next"/>
/// decides (load a model, admit calls, wait, skip a starved session); the device executes it (backend load/unload, or
/// start each admitted call with <see cref="IInferenceBackend.GenerateAsync"/>, many in flight at once); when a call
/// ends it updates the queue, hands the outcome to the <see cref="OutcomeForwarder"/> and wakes the loop, which admits
/// late arrivals of the running session straight into the running batch. All state is guarded by one lock.
/// </summary>
internal sealed class WorkerDevice : IAsyncDisposable
{
    private readonly object _lock = new();
    private readonly SessionQueue _queue;
    private readonly Dictionary<(string JobId, CallKey Key), RunningCall> _running = [];
    private readonly IInferenceBackend _backend;
    private readonly OutcomeForwarder _forwarder;
    private readonly CallTextRelay _texts;
    private readonly MosaicGrainsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WorkerDevice> _logger;
    private readonly MosaicTelemetry _telemetry;
    private readonly DeviceTimeline _timeline;
    private readonly CallFailureLog _failures;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly long _origin;
    private readonly DateTimeOffset _startedAt;
    private readonly Task _loop;
    private TaskCompletionSource _wake = NewSignal();
    private TaskCompletionSource? _drained;
    private string? _resident;
    private int _loads;
    private long _completed;
    private long _generatedTokens;
    private int _skipped;

    public WorkerDevice(
        IInferenceBackend backend,
        OutcomeForwarder forwarder,
        CallTextRelay texts,
        IOptions<MosaicGrainsOptions> options,
        TimeProvider time,
        MosaicTelemetry telemetry,
        ILogger<WorkerDevice> logger)
    {
        _backend = backend;
        _forwarder = forwarder;
        _texts = texts;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _telemetry = telemetry;
        _failures = new CallFailureLog(logger, time, TimeSpan.FromMinutes(1));
        _queue = new SessionQueue(
            TimeSpan.FromSeconds(_options.SessionWaitSeconds), _options.EvictBatchCallsAfterSeconds is { } evict ? TimeSpan.FromSeconds(evict) : null);
        _timeline = new DeviceTimeline(_options.Worker);
        _origin = time.GetTimestamp();
        _startedAt = time.GetUtcNow();
        _loop = Task.Run(RunAsync);
        telemetry.Observe(this);
    }

    public string Worker => _options.Worker;

    public bool Prepare(string jobId, int generation, JobPriority priority, IReadOnlyList<SessionPlan> sessions)
    {
        lock (_lock)
        {
            var accepted = _queue.Prepare(jobId, generation, priority, sessions, Now);
            if (!accepted)
            {
                _logger.LogWarning("Worker {Worker} ignored sessions of job {Job} generation {Generation}: the job ended here or a newer generation exists", Worker, jobId, generation);
            }

            Wake();
            return accepted;
        }
    }

    public IReadOnlyList<SubmitResult> Submit(IReadOnlyList<InferenceRequest> requests)
    {
        var results = new SubmitResult[requests.Count];
        lock (_lock)
        {
            var now = Now;
            for (var i = 0; i < requests.Count; i++)
            {
                results[i] = _queue.Submit(requests[i], now);
                if (results[i] is not (SubmitResult.Queued or SubmitResult.Duplicate))
                {
                    _logger.LogDebug("Worker {Worker} refused {Call} of job {Job}: {Reason}", Worker, requests[i].Key, requests[i].JobId, results[i]);
                }
            }

            Wake();
        }

        return results;
    }

    /// <summary>Withdraws the job's queued expert calls; returns once every outcome that finished before is persisted.</summary>
    public async Task<WithdrawResult> WithdrawAsync(string jobId, int generation)
    {
        Withdrawal withdrawal;
        string? resident;
        lock (_lock)
        {
            withdrawal = _queue.Withdraw(jobId, generation, Now);
            resident = _resident;
            Wake();
        }

        await _forwarder.FlushAsync(jobId);
        return new WithdrawResult(withdrawal.Withdrawn, withdrawal.Running, resident);
    }

    public void Cancel(string jobId, IReadOnlyList<CallKey> calls)
    {
        CancellationTokenSource[] stops;
        lock (_lock)
        {
            stops = StopsOf(jobId, _queue.Cancel(jobId, calls).Running);
            Wake();
        }

        StopAll(stops);
    }

    public void Close(string jobId)
    {
        lock (_lock)
        {
            _queue.Close(jobId);
            Wake();
        }
    }

    public void CancelJob(string jobId)
    {
        CancellationTokenSource[] stops;
        lock (_lock)
        {
            stops = StopsOf(jobId, _queue.CancelJob(jobId));
            Wake();
        }

        StopAll(stops);
    }

    public WorkerStatus Status()
    {
        lock (_lock)
        {
            return new WorkerStatus(
                Worker, _backend.Name, _resident, _loads, _queue.RunningCount, _queue.QueuedCount, _completed, _generatedTokens, _skipped, _startedAt, _queue.EvictedCount);
        }
    }

    /// <summary>Queued and running calls per configured expert (queue depth metrics).</summary>
    public IReadOnlyList<ExpertDepth> Depths()
    {
        lock (_lock)
        {
            return _queue.Depths(_options.Experts.Keys);
        }
    }

    public IReadOnlyList<TimelineEntry> Timeline(string jobId)
    {
        lock (_lock)
        {
            return _timeline.Of(jobId);
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (_shutdown.IsCancellationRequested)
            {
                return;
            }

            // Running calls are linked to this token: they stop too, and are not reported.
            _shutdown.Cancel();
            Wake();
        }

        await _loop;
        Task drained;
        lock (_lock)
        {
            _drained = NewSignal();
            if (_running.Count == 0)
            {
                _drained.TrySetResult();
            }

            drained = _drained.Task;
        }

        await drained;
        if (_resident is { } resident)
        {
            await _backend.UnloadAsync(resident);
            _resident = null;
        }

        _shutdown.Dispose();
    }

    private TimeSpan Now => _time.GetElapsedTime(_origin);

    private DateTimeOffset UtcNow => _time.GetUtcNow();

    private async Task RunAsync()
    {
        while (!_shutdown.IsCancellationRequested)
        {
            try
            {
                await StepAsync();
            }
            catch (Exception e)
            {
                // A bug here must not stop the worker for good: log it and carry on.
                _logger.LogError(e, "Worker {Worker}: the device loop failed; continuing", Worker);
                await WaitAsync(Task.Delay(100), TimeSpan.FromMilliseconds(100));
            }
        }
    }

    /// <summary>Schedule (the queue decides) → execute (the backend acts); calls update the queue when they end.</summary>
    private async Task StepAsync()
    {
        SessionDecision decision;
        Task wake;
        RunningCall[] started = [];
        CancellationTokenSource[] evicted = [];
        lock (_lock)
        {
            decision = _queue.Next(Now, _resident, Math.Min(_options.MaxBatchSize, _backend.BatchLimit));
            if (decision is IdleDecision or WaitDecision && _wake.Task.IsCompleted)
            {
                _wake = NewSignal();
            }

            wake = _wake.Task;
            if (decision is AdmitDecision admit)
            {
                started = Register(admit);
            }
            else if (decision is EvictDecision evict)
            {
                evicted = MarkEvicted(evict);
            }
        }

        switch (decision)
        {
            case AdmitDecision admitted:
                for (var i = 0; i < started.Length; i++)
                {
                    _telemetry.CallAdmitted(Worker, started[i].Request, started[i].Waited);
                    _ = RunCallAsync(started[i], UtcNow);
                }

                break;
            case LoadDecision load:
                await LoadAsync(load);
                break;
            case SkipDecision skip:
                RecordSkip(skip);
                break;
            case EvictDecision evict:
                _logger.LogInformation(
                    "Worker {Worker}: stopping {Count} batch call(s) on {Resident} to load {Expert} for job {Job}; they start over later",
                    Worker, evicted.Length, _resident, evict.ForExpert, evict.ForJob);
                StopAll(evicted);
                break;
            case WaitDecision wait:
                await WaitAsync(wake, wait.Until - Now);
                break;
            default:
                await WaitAsync(wake, Timeout.InfiniteTimeSpan);
                break;
        }
    }

    private RunningCall[] Register(AdmitDecision admit)
    {
        var calls = new RunningCall[admit.Requests.Count];
        for (var i = 0; i < calls.Length; i++)
        {
            var request = admit.Requests[i];
            calls[i] = new RunningCall(request, admit, admit.Waited[i], CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token));
            _running[(request.JobId, request.Key)] = calls[i];
        }

        return calls;
    }

    private CancellationTokenSource[] MarkEvicted(EvictDecision evict)
    {
        var stops = new List<CancellationTokenSource>(evict.Calls.Count);
        foreach (var key in evict.Calls)
        {
            if (_running.TryGetValue(key, out var call))
            {
                call.Evicted = true;
                stops.Add(call.Stop);
            }
        }

        return [.. stops];
    }

    private async Task RunCallAsync(RunningCall call, DateTimeOffset start)
    {
        var request = call.Request;
        InferenceOutput? output = null;
        string? error = null;
        CallStatus status;
        try
        {
            output = await _backend.GenerateAsync(request, request is { StreamText: true, Reports: true } ? text => _texts.Report(request, text) : null, call.Stop.Token);
            status = CallStatus.Completed;
        }
        catch (OperationCanceledException) when (call.Stop.IsCancellationRequested)
        {
            status = CallStatus.Cancelled;
        }
        catch (Exception e)
        {
            status = CallStatus.Failed;
            error = e.Message;
            _failures.Failed(Worker, request, e);
        }

        if (request.StreamText)
        {
            _texts.End(request);
        }

        var end = UtcNow;
        // Evicted is set before an eviction signals the stop; a call stopped for another reason at that moment ends right either way.
        var stoppedByEviction = status == CallStatus.Cancelled && call.Evicted && !_shutdown.IsCancellationRequested;
        if (!stoppedByEviction)
        {
            _telemetry.CallEnded(Worker, request, status, output, end - start, call.Waited);
        }

        lock (_lock)
        {
            // An evicted call that ended stopped goes back to its session to start over: no outcome, not counted as ended.
            // The queue ends it as a finished call when it was cancelled meanwhile.
            var requeued = stoppedByEviction && _queue.Evicted(request, Now);
            if (!stoppedByEviction)
            {
                _queue.Finished(request.JobId, request.Key);
            }
            else if (requeued)
            {
                _telemetry.CallEvicted(Worker, request.Expert);
            }
            else
            {
                _telemetry.CallEnded(Worker, request, status, output, end - start, call.Waited);
            }

            _running.Remove((request.JobId, request.Key));
            if (output is not null)
            {
                _completed++;
                _generatedTokens += output.OutputTokens;
            }

            var kind = request.Key.IsAggregator ? TimelineKind.AggregatorSession : TimelineKind.ExpertSession;
            _timeline.SessionCall(request.JobId, call.Session.SessionId, kind, request.Expert, start, end);
            var abandoned = status == CallStatus.Cancelled && _shutdown.IsCancellationRequested;
            if (!requeued && !abandoned && request.Reports)
            {
                _forwarder.Add(request.JobId, new CallOutcome(request.Key, request.Expert, Worker, request.Generation, status, output, error, end));
            }

            if (_running.Count == 0)
            {
                _drained?.TrySetResult();
            }

            Wake();
        }

        call.Stop.Dispose();
    }

    private async Task LoadAsync(LoadDecision load)
    {
        var start = UtcNow;
        try
        {
            string? previous;
            lock (_lock)
            {
                previous = _resident;
                _resident = null;
            }

            if (previous is not null)
            {
                await _backend.UnloadAsync(previous);
            }

            await _backend.LoadAsync(load.Expert, _shutdown.Token);
            lock (_lock)
            {
                _resident = load.Expert;
                _loads++;
                _timeline.Add(load.JobId, TimelineKind.Load, load.Expert, start, UtcNow, 0);
            }

            _telemetry.ModelLoaded(Worker, load.Expert, UtcNow - start, ok: true);
            _logger.LogInformation("Worker {Worker} loaded {Expert} for job {Job} in {Seconds:F2} s", Worker, load.Expert, load.JobId, (UtcNow - start).TotalSeconds);
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _telemetry.ModelLoaded(Worker, load.Expert, UtcNow - start, ok: false);
            _logger.LogError("Worker {Worker} could not load {Expert}: {Error}", Worker, load.Expert, e.Message);
            lock (_lock)
            {
                var end = UtcNow;
                foreach (var request in _queue.DropSession(load.SessionId))
                {
                    _forwarder.Add(request.JobId, new CallOutcome(
                        request.Key, request.Expert, Worker, request.Generation, CallStatus.Failed, null, $"loading {load.Expert} failed: {e.Message}", end));
                }
            }
        }
    }

    private void RecordSkip(SkipDecision skip)
    {
        lock (_lock)
        {
            _skipped++;
            _telemetry.SessionSkipped(Worker, skip.Expert);
            _timeline.Add(skip.JobId, TimelineKind.SkippedSession, skip.Expert, _startedAt + skip.WaitingSince, UtcNow, skip.Missing.Count);
        }

        _logger.LogWarning(
            "Worker {Worker} skipped a planned session of {Expert} for job {Job}: {Missing} call(s) did not arrive within {Seconds} s ({Calls})",
            Worker, skip.Expert, skip.JobId, skip.Missing.Count, _queue.SessionWait.TotalSeconds, string.Join(", ", skip.Missing.Take(10)));
    }

    private async Task WaitAsync(Task wake, TimeSpan delay)
    {
        try
        {
            if (delay == Timeout.InfiniteTimeSpan)
            {
                await wake.WaitAsync(_shutdown.Token);
            }
            else if (delay > TimeSpan.Zero)
            {
                await wake.WaitAsync(delay, _time, _shutdown.Token);
            }
        }
        catch (TimeoutException)
        {
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
        }
    }

    private CancellationTokenSource[] StopsOf(string jobId, IEnumerable<CallKey> keys) =>
        [.. keys.Select(k => _running.TryGetValue((jobId, k), out var call) ? call.Stop : null).OfType<CancellationTokenSource>()];

    /// <summary>Outside the lock: a cancellation may run the backend's continuations inline.</summary>
    private static void StopAll(IEnumerable<CancellationTokenSource> stops)
    {
        foreach (var stop in stops)
        {
            try
            {
                stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The call ended meanwhile.
            }
        }
    }

    private void Wake() => _wake.TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

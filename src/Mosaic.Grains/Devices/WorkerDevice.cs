using Microsoft.Extensions.Logging;
using Mosaic.Grains.Backends;

namespace Mosaic.Grains.Devices;

/// <summary>
/// Owns one worker's device: runs model sessions in plan order (load, generate the session's requests batched with
/// late arrivals joining, switch model only when the next session needs another one). One per silo; the grains of
/// this silo hand it requests. All state is guarded by one lock; the model loop runs on its own task.
/// </summary>
internal sealed class WorkerDevice : IAsyncDisposable
{
    private readonly object _lock = new();
    private readonly List<DeviceSession> _sessions = [];
    private readonly Dictionary<string, PendingRequest> _live = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _cancelled = new(StringComparer.Ordinal);
    private readonly HashSet<string> _cancelledJobs = new(StringComparer.Ordinal);
    private readonly IInferenceBackend _backend;
    private readonly ILogger<WorkerDevice> _logger;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Task _loop;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _resident;

    public WorkerDevice(IInferenceBackend backend, ILogger<WorkerDevice> logger)
    {
        _backend = backend;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Model loads started so far (each a cost the plan accounted for once per session).</summary>
    public int Loads { get; private set; }

    /// <summary>
    /// Queues a job's planned sessions (in plan order) behind those already queued. A job that plans again (a new
    /// activation after its silo died) replaces its earlier sessions; their requests are cancelled, since the
    /// re-planned run sends its own.
    /// </summary>
    public void Prepare(string jobId, IReadOnlyList<SessionOrder> sessions)
    {
        lock (_lock)
        {
            foreach (var old in _sessions.Where(s => s.JobId == jobId))
            {
                old.Cancellation.Cancel();
                while (old.Queue.TryDequeue(out var pending))
                {
                    _live.Remove(Key(jobId, pending.Request.RequestId));
                    pending.Cancel();
                }
            }

            _sessions.RemoveAll(s => s.JobId == jobId);
            foreach (var order in sessions)
            {
                var session = new DeviceSession(jobId, order.Expert, order.RequestIds?.Where(id => !IsCancelled(jobId, id)), _shutdown.Token);
                _sessions.Add(session);
            }

            Wake();
        }
    }

    /// <summary>Accepts a request; the task completes with its output, or is cancelled when the request is.</summary>
    public Task<InferenceOutput> Submit(InferenceRequest request)
    {
        var pending = new PendingRequest(request);
        lock (_lock)
        {
            var key = Key(request.JobId, request.RequestId);
            if (IsCancelled(request.JobId, request.RequestId) || _cancelledJobs.Contains(request.JobId))
            {
                pending.Cancel();
                return pending.Completion;
            }

            var session = _sessions.FirstOrDefault(s => s.JobId == request.JobId && s.Remaining?.Contains(request.RequestId) == true)
                ?? _sessions.FirstOrDefault(s => s.JobId == request.JobId && s.Expert == request.Expert && s.IsOpenEnded && !s.Closed);
            if (session is null)
            {
                session = new DeviceSession(request.JobId, request.Expert, requestIds: null, _shutdown.Token);
                _sessions.Add(session);
            }

            session.Queue.Enqueue(pending);
            _live[key] = pending;
            Wake();
        }

        return pending.Completion;
    }

    /// <summary>Cancels one request whether it is queued, running, or has not arrived yet.</summary>
    public void Cancel(string jobId, string requestId)
    {
        lock (_lock)
        {
            var key = Key(jobId, requestId);
            if (!_cancelled.TryGetValue(jobId, out var tombstones))
            {
                _cancelled[jobId] = tombstones = new HashSet<string>(StringComparer.Ordinal);
            }

            tombstones.Add(requestId);
            foreach (var session in _sessions.Where(s => s.JobId == jobId))
            {
                session.Remaining?.Remove(requestId);
            }

            if (_live.Remove(key, out var pending))
            {
                pending.Cancel();
            }

            Wake();
        }
    }

    /// <summary>No more requests will come for the job's open-ended sessions; its cancellation records can go.</summary>
    public void Close(string jobId)
    {
        lock (_lock)
        {
            _cancelled.Remove(jobId);
            foreach (var session in _sessions.Where(s => s.JobId == jobId && s.IsOpenEnded))
            {
                session.Closed = true;
            }

            Wake();
        }
    }

    /// <summary>
    /// Drops every session of a job and cancels its requests, stopping running generations; requests of the job that
    /// arrive later are refused.
    /// </summary>
    public void CancelJob(string jobId)
    {
        lock (_lock)
        {
            _cancelledJobs.Add(jobId);
            foreach (var (key, pending) in _live.Where(p => p.Value.Request.JobId == jobId).ToArray())
            {
                _live.Remove(key);
                pending.Cancel();
            }

            foreach (var session in _sessions.Where(s => s.JobId == jobId))
            {
                session.Cancellation.Cancel();
            }

            _sessions.RemoveAll(s => s.JobId == jobId);
            Wake();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _shutdown.Cancel();
        lock (_lock)
        {
            foreach (var session in _sessions)
            {
                session.Cancellation.Cancel();
            }
        }

        lock (_lock)
        {
            Wake();
        }

        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RunAsync()
    {
        while (!_shutdown.IsCancellationRequested)
        {
            DeviceSession? session;
            List<PendingRequest> batch;
            Task wait;
            lock (_lock)
            {
                (session, batch) = Choose();
                if (session is null)
                {
                    if (_wake.Task.IsCompleted)
                    {
                        _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    }

                    wait = _wake.Task;
                }
                else
                {
                    wait = Task.CompletedTask;
                }
            }

            if (session is null)
            {
                await wait.WaitAsync(_shutdown.Token);
                continue;
            }

            try
            {
                if (_resident != session.Expert)
                {
                    if (_resident is not null)
                    {
                        await _backend.UnloadAsync(_resident);
                    }

                    _resident = null;
                    Loads++;
                    await _backend.LoadAsync(session.Expert, session.Cancellation.Token);
                    _resident = session.Expert;
                }

                await _backend.GenerateAsync(session.Expert, batch, session.Cancellation.Token);
            }
            catch (OperationCanceledException) when (session.Cancellation.IsCancellationRequested)
            {
                foreach (var pending in batch)
                {
                    pending.Cancel();
                }
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Generation for {Expert} failed", session.Expert);
                foreach (var pending in batch)
                {
                    pending.Fail(e);
                }
            }
            finally
            {
                lock (_lock)
                {
                    foreach (var pending in batch)
                    {
                        var key = Key(pending.Request.JobId, pending.Request.RequestId);
                        _live.Remove(key);
                        session.Remaining?.Remove(pending.Request.RequestId);
                        if (!pending.IsDone)
                        {
                            pending.Fail(new InvalidOperationException($"backend left request {pending.Request.RequestId} unanswered"));
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The first unfinished session in order: serve its queue; if it is planned and idle, wait for it; if it is
    /// open-ended and idle, let the next session with work run.
    /// </summary>
    private (DeviceSession? Session, List<PendingRequest> Batch) Choose()
    {
        _sessions.RemoveAll(s => s.IsFinished);
        foreach (var session in _sessions)
        {
            while (session.Queue.Count > 0 && session.Queue.Peek().IsDone)
            {
                session.Queue.Dequeue();
            }

            if (session.Queue.Count > 0)
            {
                var batch = new List<PendingRequest>(session.Queue.Count);
                while (session.Queue.TryDequeue(out var pending))
                {
                    if (!pending.IsDone)
                    {
                        batch.Add(pending);
                    }
                }

                if (batch.Count > 0)
                {
                    return (session, batch);
                }
            }

            if (!session.IsOpenEnded && !session.IsFinished)
            {
                return (null, []);
            }
        }

        return (null, []);
    }

    private bool IsCancelled(string jobId, string requestId) =>
        _cancelled.TryGetValue(jobId, out var tombstones) && tombstones.Contains(requestId);

    private void Wake() => _wake.TrySetResult();

    private static string Key(string jobId, string requestId) => $"{jobId}|{requestId}";
}

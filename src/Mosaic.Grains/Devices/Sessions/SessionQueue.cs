using Mosaic.Abstractions.Jobs;

namespace Mosaic.Grains.Devices.Sessions;

/// <summary>
/// A worker's ordering rules, as a pure single-threaded state machine (no locks, no tasks, no clock: the caller passes
/// the time). Interactive jobs are served before batch jobs (<see cref="JobPriority"/>), jobs of one priority
/// first-come (by their first prepare or request); within a job, sessions run in plan order and the job's open-ended
/// sessions come last.
/// <list type="bullet">
/// <item>A planned session is strict: nothing after it starts until each call it expects has run or been cancelled.</item>
/// <item>An open-ended session (the aggregator's, or calls no planned session expects) yields while it has nothing
/// queued, so a worker done with its expert sessions aggregates while other workers still run experts.</item>
/// <item>A planned session that blocks the worker with nothing to run, and has had no call arrive for the wait bound,
/// is skipped; its missing calls go to an open-ended session if they come later.</item>
/// <item>Continuous batching: while a session runs, its late arrivals are admitted at once, up to the batch size;
/// the model is switched only when the running session has drained and nothing runs.</item>
/// <item>Among sessions allowed to run next, one whose expert is already resident goes first; a less urgent job's
/// session never goes before a more urgent job's that can run.</item>
/// <item>A running session stops admitting calls while a more urgent job has a session that can run: that session's
/// calls join the running batch if they use the resident model, or run once the batch has drained. With an eviction
/// bound, a more urgent session that needs another model waits at most that long: then the less urgent running calls
/// are stopped and queued again at the head of their sessions, to start over once the urgent work is done.</item>
/// </list>
/// </summary>
/// <param name="evictAfter">How long a more urgent session needing another model waits for less urgent running calls
/// to drain before they are evicted; null: never evicted.</param>
internal sealed class SessionQueue(TimeSpan sessionWait, TimeSpan? evictAfter = null)
{
    private const int RetiredJobCapacity = 4096;

    private readonly List<JobSessions> _jobs = [];
    private readonly Dictionary<string, JobSessions> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<(string JobId, CallKey Key), QueuedSession> _running = [];

    /// <summary>Running calls an <see cref="EvictDecision"/> named that have not ended yet.</summary>
    private readonly HashSet<(string JobId, CallKey Key)> _evicting = [];
    private readonly RetiredJobs _retired = new(RetiredJobCapacity);
    private QueuedSession? _current;

    /// <summary>A less urgent session whose batch an urgent session's calls joined: it goes on admitting once they are in.</summary>
    private QueuedSession? _joined;
    private long _nextSessionId;

    public TimeSpan SessionWait { get; } = sessionWait;

    public TimeSpan? EvictAfter { get; } = evictAfter;

    /// <summary>Calls stopped by an eviction and queued again.</summary>
    public long EvictedCount { get; private set; }

    /// <summary>Calls arrived and not started.</summary>
    public int QueuedCount { get; private set; }

    /// <summary>Calls admitted and not finished.</summary>
    public int RunningCount => _running.Count;

    /// <summary>Jobs the queue holds state for: a cancelled job is forgotten at once, a closed one once its sessions end.</summary>
    public int JobCount => _jobs.Count;

    /// <summary>
    /// Queues the job's planned sessions in plan order, replacing its sessions that have not started (their queued
    /// calls are routed again). A newer <paramref name="generation"/> first withdraws the older one's queued expert
    /// calls. False (and nothing changes) for an older generation or an ended job.
    /// </summary>
    public bool Prepare(string jobId, int generation, JobPriority priority, IReadOnlyList<SessionPlan> plans, TimeSpan now)
    {
        if (_retired.Contains(jobId))
        {
            return false;
        }

        var job = GetOrAddJob(jobId, priority);
        if (generation < job.Generation)
        {
            return false;
        }

        Advance(job, generation, now);
        var displaced = new List<QueuedCall>();
        var kept = new List<QueuedSession>();
        foreach (var session in job.Sessions)
        {
            if (session.Planned && !session.Started)
            {
                displaced.AddRange(DetachAll(job, session));
            }
            else
            {
                kept.Add(session);
            }
        }

        var openEnded = kept.Where(s => !s.Planned).ToList();
        var ordered = kept.Where(s => s.Planned).ToList();
        var plannedKeys = new HashSet<CallKey>();
        foreach (var plan in plans)
        {
            if (plan.Calls is null)
            {
                var reused = openEnded.FirstOrDefault(s => s.Expert == plan.Expert);
                if (reused is not null)
                {
                    openEnded.Remove(reused);
                }

                ordered.Add(reused ?? NewSession(jobId, plan.Expert, generation, planned: false, now));
                continue;
            }

            var session = NewSession(jobId, plan.Expert, generation, planned: true, now);
            foreach (var key in plan.Calls)
            {
                if (!plannedKeys.Add(key) || job.Tombstones.Contains(key) || _running.ContainsKey((jobId, key)))
                {
                    continue;
                }

                session.Expected.Add(key);
                if (job.QueuedIn.TryGetValue(key, out var holder) && holder.Remove(key) is { } early)
                {
                    // Arrived before this plan (a race, or queued in a session the plan replaces): the plan decides.
                    job.QueuedIn.Remove(key);
                    QueuedCount--;
                    displaced.Add(early);
                }
            }

            ordered.Add(session);
        }

        foreach (var started in kept.Where(s => s.Planned))
        {
            started.Expected.ExceptWith(plannedKeys);
        }

        ordered.AddRange(openEnded);
        job.Sessions.Clear();
        job.Sessions.AddRange(ordered);
        foreach (var call in displaced)
        {
            Route(job, call, now);
        }

        return true;
    }

    /// <summary>Queues one call (see <see cref="SubmitResult"/> for when it is refused).</summary>
    public SubmitResult Submit(InferenceRequest request, TimeSpan now)
    {
        if (_retired.Contains(request.JobId))
        {
            return SubmitResult.RefusedJobEnded;
        }

        var job = GetOrAddJob(request.JobId, request.Priority);
        if (request.Generation < job.Generation)
        {
            return SubmitResult.RefusedStaleGeneration;
        }

        if (job.Tombstones.Contains(request.Key))
        {
            return SubmitResult.RefusedCancelledCall;
        }

        Advance(job, request.Generation, now);
        if (_running.ContainsKey((request.JobId, request.Key)))
        {
            return SubmitResult.Duplicate;
        }

        if (job.QueuedIn.TryGetValue(request.Key, out var holder))
        {
            holder.Replace(request);
            return SubmitResult.Duplicate;
        }

        Route(job, new QueuedCall(request, now), now);
        return SubmitResult.Queued;
    }

    /// <summary>
    /// Cancels calls: queued ones are removed, running ones are returned for the device to stop, and every key is
    /// remembered so that it is refused if it arrives later. Planned sessions stop expecting them.
    /// </summary>
    public CancelResult Cancel(string jobId, IEnumerable<CallKey> keys)
    {
        if (_retired.Contains(jobId))
        {
            return new CancelResult([], RunningOf(jobId));
        }

        var job = GetOrAddJob(jobId, priority: null);
        var removed = new List<CallKey>();
        var running = new List<CallKey>();
        foreach (var key in keys)
        {
            job.Tombstones.Add(key);
            if (job.QueuedIn.Remove(key, out var holder))
            {
                holder.Remove(key);
                QueuedCount--;
                removed.Add(key);
            }
            else if (_running.ContainsKey((jobId, key)))
            {
                running.Add(key);
            }

            foreach (var session in job.Sessions)
            {
                session.Expected.Remove(key);
            }
        }

        return new CancelResult(removed, running);
    }

    /// <summary>
    /// Takes back the job's queued expert calls and not-started planned sessions of generations older than
    /// <paramref name="generation"/> (aggregator calls stay queued), makes its started planned sessions stop expecting
    /// calls, and refuses older generations from now on. Idempotent for a repeated generation.
    /// </summary>
    public Withdrawal Withdraw(string jobId, int generation, TimeSpan now)
    {
        if (_retired.Contains(jobId))
        {
            return new Withdrawal([], RunningOf(jobId));
        }

        var job = GetOrAddJob(jobId, priority: null);
        var withdrawn = Advance(job, generation, now);
        // Aggregator calls stay queued through a withdrawal: the job must know them as well as the running calls, or
        // it would send them again (possibly to another worker) and pay for them twice.
        var kept = job.Sessions.SelectMany(s => s.Queued).Where(r => r.Key.IsAggregator).Select(r => r.Key);
        return new Withdrawal(withdrawn, RunningOf(jobId).Concat(kept).ToArray());
    }

    /// <summary>The job is complete: its sessions stop expecting calls and end once empty; later requests are refused.</summary>
    public void Close(string jobId)
    {
        _retired.Add(jobId);
        if (_byId.TryGetValue(jobId, out var job))
        {
            job.Closed = true;
            job.Tombstones.Clear();
            foreach (var session in job.Sessions)
            {
                session.Expected.Clear();
            }
        }
    }

    /// <summary>Drops every queued call and session of the job and refuses its later requests; returns its running calls.</summary>
    public IReadOnlyList<CallKey> CancelJob(string jobId)
    {
        _retired.Add(jobId);
        if (_byId.Remove(jobId, out var job))
        {
            foreach (var session in job.Sessions)
            {
                DetachAll(job, session); // also forgets the current session if it is one of the job's
            }

            _jobs.Remove(job);
        }

        return RunningOf(jobId);
    }

    /// <summary>A call admitted earlier has ended (completed, failed or stopped).</summary>
    public void Finished(string jobId, CallKey key)
    {
        _evicting.Remove((jobId, key));
        if (_running.Remove((jobId, key), out var session))
        {
            session.Running--;
        }
    }

    /// <summary>
    /// A call an <see cref="EvictDecision"/> stopped has ended before finishing: it is queued again at the head of its
    /// session, to start over (true). False, and it ends as <see cref="Finished"/> would, when the call or its job was
    /// cancelled meanwhile: the caller reports it cancelled.
    /// </summary>
    public bool Evicted(InferenceRequest request, TimeSpan now)
    {
        var key = (request.JobId, request.Key);
        if (!_evicting.Remove(key) || !_running.Remove(key, out var session))
        {
            Finished(request.JobId, request.Key);
            return false;
        }

        session.Running--;
        if (_retired.Contains(request.JobId) || !_byId.TryGetValue(request.JobId, out var job) || job.Tombstones.Contains(request.Key))
        {
            return false;
        }

        session.Requeue(new QueuedCall(request, now));
        job.QueuedIn[request.Key] = session;
        QueuedCount++;
        EvictedCount++;
        return true;
    }

    /// <summary>
    /// Drops a session whose model could not be loaded and returns its queued calls, which will not run here; calls
    /// it still expected go to an open-ended session if they arrive.
    /// </summary>
    public IReadOnlyList<InferenceRequest> DropSession(long sessionId)
    {
        foreach (var job in _jobs)
        {
            var session = job.Sessions.FirstOrDefault(s => s.Id == sessionId);
            if (session is not null)
            {
                var dropped = DetachAll(job, session);
                job.Sessions.Remove(session);
                return [.. dropped.Select(call => call.Request)];
            }
        }

        return [];
    }

    /// <summary>
    /// The next thing the device should do, given the time, the resident model and the most calls that may run at once.
    /// </summary>
    public SessionDecision Next(TimeSpan now, string? resident, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (_current is { } current)
        {
            if (Preempt(current, now, resident, batchSize) is { } preempting)
            {
                return preempting;
            }

            if (current.QueuedCount > 0 && current.Expert == resident)
            {
                return RunningCount < batchSize ? Admit(current, batchSize - RunningCount, now) : IdleDecision.Instance;
            }

            if (_joined is { } joined)
            {
                // Back to the batch the urgent calls joined, without waiting for it to drain (unless more urgent work can run).
                _joined = null;
                if (joined.QueuedCount > 0 && joined.Expert == resident && RunningCount > 0)
                {
                    _current = joined;
                    return Preempt(joined, now, resident, batchSize)
                        ?? (RunningCount < batchSize ? Admit(joined, batchSize - RunningCount, now) : IdleDecision.Instance);
                }
            }

            if (RunningCount > 0)
            {
                return IdleOrEvict(now, resident);
            }

            _current = null;
        }

        if (RunningCount > 0)
        {
            // Calls of a session that was dropped (job cancelled) are still stopping: switch nothing until they have.
            return IdleDecision.Instance;
        }

        var (run, other) = Scan(_jobs, now, resident);
        return run is not null ? Choose(run, resident, batchSize, now) : other ?? IdleDecision.Instance;
    }

    /// <summary>Queued and running calls of each expert in <paramref name="experts"/> (0 when it has none) and of any other expert present.</summary>
    public IReadOnlyList<ExpertDepth> Depths(IEnumerable<string> experts)
    {
        var depths = experts.ToDictionary(e => e, _ => (Queued: 0, Running: 0), StringComparer.Ordinal);
        foreach (var session in _jobs.SelectMany(j => j.Sessions).Where(s => s.QueuedCount > 0))
        {
            var (queued, running) = depths.GetValueOrDefault(session.Expert);
            depths[session.Expert] = (queued + session.QueuedCount, running);
        }

        foreach (var session in _running.Values)
        {
            var (queued, running) = depths.GetValueOrDefault(session.Expert);
            depths[session.Expert] = (queued, running + 1);
        }

        return [.. depths.Select(d => new ExpertDepth(d.Key, d.Value.Queued, d.Value.Running))];
    }

    /// <summary>
    /// What a more urgent job than the running session's needs first, or null: its session joins the running batch on
    /// the resident model while there is room, or waits for the batch to drain before its model is loaded.
    /// </summary>
    private SessionDecision? Preempt(QueuedSession current, TimeSpan now, string? resident, int batchSize)
    {
        if (!_byId.TryGetValue(current.JobId, out var currentJob) || _jobs.Count == 0 || _jobs[0].Priority >= currentJob.Priority)
        {
            return null;
        }

        var (run, other) = Scan(_jobs.TakeWhile(j => j.Priority < currentJob.Priority), now, resident);
        if (run is null)
        {
            return other as SkipDecision;
        }

        if (run.Expert == resident)
        {
            if (RunningCount >= batchSize)
            {
                return IdleDecision.Instance;
            }

            _joined = current;
            return Admit(run, batchSize - RunningCount, now);
        }

        if (RunningCount > 0)
        {
            return Evict(run, _byId[run.JobId].Priority, now);
        }

        (_current, _joined) = (null, null);
        return new LoadDecision(run.Expert, run.JobId, run.Id);
    }

    /// <summary>
    /// Nothing to admit while calls run: idle, unless the most urgent job has a session to run on another model while
    /// calls of less urgent jobs run (say, a chat question's model while the batch calls an earlier chat question joined
    /// still run); then as <see cref="Evict"/>.
    /// </summary>
    private SessionDecision IdleOrEvict(TimeSpan now, string? resident)
    {
        // Jobs are kept most urgent first: when the first and the last are alike, no running call is less urgent.
        if (EvictAfter is null || _jobs.Count == 0 || _jobs[0].Priority == _jobs[^1].Priority)
        {
            return IdleDecision.Instance;
        }

        var urgency = _jobs[0].Priority;
        if (!_running.Keys.Any(call => _byId.TryGetValue(call.JobId, out var job) && job.Priority > urgency))
        {
            return IdleDecision.Instance;
        }

        var (run, _) = Scan(_jobs.TakeWhile(j => j.Priority == urgency), now, resident);
        return run is null || run.Expert == resident ? IdleDecision.Instance : Evict(run, urgency, now);
    }

    /// <summary>
    /// While running calls keep the model <paramref name="urgent"/> must replace: nothing before the eviction bound
    /// (counted from its oldest queued call's arrival); then the running calls of jobs less urgent than
    /// <paramref name="urgency"/> are stopped, once. Calls of jobs as urgent are left to finish.
    /// </summary>
    private SessionDecision Evict(QueuedSession urgent, JobPriority urgency, TimeSpan now)
    {
        if (EvictAfter is not { } bound || urgent.OldestArrival is not { } since)
        {
            return IdleDecision.Instance;
        }

        if (now - since < bound)
        {
            return new WaitDecision(since + bound);
        }

        var calls = _running.Keys
            .Where(call => !_evicting.Contains(call) && _byId.TryGetValue(call.JobId, out var job) && job.Priority > urgency)
            .ToArray();
        if (calls.Length == 0)
        {
            return IdleDecision.Instance;
        }

        _evicting.UnionWith(calls);
        return new EvictDecision(urgent.JobId, urgent.Expert, calls);
    }

    /// <summary>
    /// Walks <paramref name="jobs"/> in order for the session to run next (or, when none can run, a skip of a starved
    /// planned session or the time to wait until): a planned session with nothing to run blocks everything after it, and
    /// no job is looked at past a more urgent one that has a session to run.
    /// </summary>
    private (QueuedSession? Run, SessionDecision? Other) Scan(IEnumerable<JobSessions> jobs, TimeSpan now, string? resident)
    {
        QueuedSession? first = null;
        QueuedSession? residentMatch = null;
        var firstPriority = JobPriority.Interactive;
        foreach (var job in jobs.ToArray())
        {
            if (first is not null && job.Priority > firstPriority)
            {
                break;
            }

            foreach (var session in job.Sessions.ToArray())
            {
                if (session.IsFinished(job.Closed))
                {
                    job.Sessions.Remove(session);
                    continue;
                }

                if (session.QueuedCount > 0)
                {
                    if (first is null)
                    {
                        first = session;
                        firstPriority = job.Priority;
                    }

                    if (session.Expert == resident)
                    {
                        residentMatch ??= session;
                    }

                    if (session.Planned)
                    {
                        return (residentMatch ?? first, null);
                    }

                    continue;
                }

                if (!session.Planned)
                {
                    continue;
                }

                // A planned session with nothing to run blocks everything after it.
                if (now - session.LastActivity >= SessionWait)
                {
                    return (null, Skip(job, session));
                }

                return first is null ? (null, new WaitDecision(session.LastActivity + SessionWait)) : (residentMatch ?? first, null);
            }

            if (job.Closed && job.Sessions.Count == 0)
            {
                _jobs.Remove(job);
                _byId.Remove(job.JobId);
            }
        }

        return (residentMatch ?? first, null);
    }

    private SessionDecision Choose(QueuedSession session, string? resident, int batchSize, TimeSpan now) =>
        session.Expert == resident
            ? Admit(session, batchSize, now)
            : new LoadDecision(session.Expert, session.JobId, session.Id);

    private AdmitDecision Admit(QueuedSession session, int width, TimeSpan now)
    {
        _current = session;
        var job = _byId[session.JobId];
        var count = Math.Min(width, session.QueuedCount);
        var admitted = new InferenceRequest[count];
        var waited = new TimeSpan[count];
        for (var i = 0; i < count; i++)
        {
            var (request, arrived) = session.Dequeue();
            job.QueuedIn.Remove(request.Key);
            _running[(session.JobId, request.Key)] = session;
            admitted[i] = request;
            waited[i] = now - arrived;
        }

        QueuedCount -= count;
        session.Running += count;
        session.Started = true;
        session.LastActivity = now;
        return new AdmitDecision(session.Id, session.JobId, session.Expert, session.Planned, admitted, waited);
    }

    private SkipDecision Skip(JobSessions job, QueuedSession session)
    {
        job.Sessions.Remove(session);
        var missing = session.Expected.ToArray();
        return new SkipDecision(session.Id, session.JobId, session.Expert, missing, session.LastActivity);
    }

    /// <summary>
    /// Moves the job to generation <paramref name="generation"/> if newer: withdraws queued expert calls of older
    /// generations, drops its older not-started planned sessions (re-routing what else they held) and makes its older
    /// started ones stop expecting calls. Returns the withdrawn calls.
    /// </summary>
    private List<CallKey> Advance(JobSessions job, int generation, TimeSpan now)
    {
        var withdrawn = new List<CallKey>();
        if (generation <= job.Generation)
        {
            return withdrawn;
        }

        job.Generation = Math.Max(job.Generation, generation);
        var displaced = new List<QueuedCall>();
        foreach (var session in job.Sessions.ToArray())
        {
            foreach (var request in session.Queued.Where(r => !r.Key.IsAggregator && r.Generation < generation).ToArray())
            {
                session.Remove(request.Key);
                job.QueuedIn.Remove(request.Key);
                QueuedCount--;
                withdrawn.Add(request.Key);
            }

            if (!session.Planned || session.Generation >= generation)
            {
                continue;
            }

            if (session.Started)
            {
                session.Expected.Clear();
            }
            else
            {
                displaced.AddRange(DetachAll(job, session));
                job.Sessions.Remove(session);
            }
        }

        foreach (var call in displaced)
        {
            Route(job, call, now);
        }

        return withdrawn;
    }

    /// <summary>Into the first planned session of the job expecting the call, else the job's open-ended session for its expert.</summary>
    private void Route(JobSessions job, QueuedCall call, TimeSpan now)
    {
        var request = call.Request;
        var target = job.Sessions.FirstOrDefault(s => s.Planned && s.Expert == request.Expert && s.Expected.Contains(request.Key));
        if (target is not null)
        {
            target.Expected.Remove(request.Key);
        }
        else
        {
            target = job.Sessions.FirstOrDefault(s => !s.Planned && s.Expert == request.Expert);
            if (target is null)
            {
                target = NewSession(job.JobId, request.Expert, request.Generation, planned: false, now);
                job.Sessions.Add(target);
            }
        }

        target.Enqueue(call);
        target.LastActivity = now;
        job.QueuedIn[request.Key] = target;
        QueuedCount++;
    }

    /// <summary>Empties a session's queue (unindexing its calls); the caller removes the session or re-routes the calls.</summary>
    private List<QueuedCall> DetachAll(JobSessions job, QueuedSession session)
    {
        var detached = new List<QueuedCall>(session.QueuedCount);
        while (session.QueuedCount > 0)
        {
            var call = session.Dequeue();
            job.QueuedIn.Remove(call.Request.Key);
            detached.Add(call);
        }

        QueuedCount -= detached.Count;
        if (_current == session)
        {
            _current = null;
        }

        if (_joined == session)
        {
            _joined = null;
        }

        return detached;
    }

    private CallKey[] RunningOf(string jobId) =>
        _running.Keys.Where(k => k.JobId == jobId).Select(k => k.Key).ToArray();

    /// <summary>
    /// The job's state, created if new and kept behind every job of its priority or a more urgent one. A null
    /// <paramref name="priority"/> (a cancel or withdrawal, which do not carry it) keeps a known job's.
    /// </summary>
    private JobSessions GetOrAddJob(string jobId, JobPriority? priority)
    {
        if (_byId.TryGetValue(jobId, out var job))
        {
            if (priority is { } known && known != job.Priority)
            {
                _jobs.Remove(job);
                job.Priority = known;
                Place(job);
            }

            return job;
        }

        job = new JobSessions(jobId, priority ?? JobPriority.Interactive);
        _byId[jobId] = job;
        Place(job);
        return job;
    }

    private void Place(JobSessions job)
    {
        var after = _jobs.FindIndex(other => other.Priority > job.Priority);
        _jobs.Insert(after < 0 ? _jobs.Count : after, job);
    }

    private QueuedSession NewSession(string jobId, string expert, int generation, bool planned, TimeSpan now) =>
        new(++_nextSessionId, jobId, expert, generation, planned, now);
}

using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mosaic.Abstractions;
using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Grains.Backends;
using Mosaic.Grains.Devices;
using Mosaic.Grains.Hosting;
using Mosaic.Grains.Placement;
using Mosaic.Grains.Queries;
using Mosaic.Scheduling;
using Mosaic.Scheduling.Baselines;
using Mosaic.Scheduling.Planning;

namespace Mosaic.Grains.Jobs;

/// <summary>
/// A MoA job: validates, plans the expert stage, tells every worker its session order, runs one query grain per
/// question, balances aggregator calls over the workers, and persists progress so a restarted activation resumes
/// the unanswered questions. Re-entrant: query grains call back while it awaits them.
/// </summary>
[Reentrant]
[GrainType("mosaic.job")]
internal sealed class JobGrain(
    [PersistentState("job", MosaicStorageNames.Grains)] IPersistentState<JobState> state,
    WorkerDirectory directory,
    IInferenceBackend backend,
    IOptions<MosaicGrainsOptions> options,
    ILogger<JobGrain> logger) : Grain, IJobGrain, IJobCoordinatorGrain
{
    private static readonly TimeSpan PersistInterval = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly HashSet<string> _deadWorkers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _aggregatorQueue = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<string>> _replanQuota = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<SlotAssignment>> _slots = new(StringComparer.Ordinal);
    private CancellationTokenSource _cancellation = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private JobPlan? _plan;
    private DateTimeOffset _lastWrite;
    private int _aggregatorCalls;
    private readonly HashSet<string> _expertsDone = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _expertBarrier = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string _planId = "";
    private int _reassignments;
    private int _cancelledCalls;

    private MosaicGrainsOptions Options => options.Value;

    private string JobId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Status == JobStatus.Running)
        {
            logger.LogInformation("Job {Job} resumes with {Answered} questions answered", JobId, state.State.Results.Count);
            _ = ExecuteAsync();
        }

        return Task.CompletedTask;
    }

    public async Task<SubmitResult> SubmitAsync(JobSpec spec)
    {
        if (state.RecordExists || state.State.Status != JobStatus.Unknown)
        {
            return new SubmitResult(JobId, false, $"job '{JobId}' already exists");
        }

        string? error = null;
        try
        {
            spec = JobRouter.Route(spec);
        }
        catch (ArgumentException e)
        {
            error = e.Message;
        }

        error ??= JobPlanner.Validate(spec, Options.Experts);
        if (error is null)
        {
            try
            {
                JobPlanner.Plan(spec, Options.Experts, LiveWorkers(), Options, new HashSet<string>(), "check");
            }
            catch (InvalidInstanceException e)
            {
                error = $"the plan is infeasible for this cluster: {e.Message}";
            }
        }

        if (error is not null)
        {
            logger.LogInformation("Job {Job} rejected: {Error}", JobId, error);
            return new SubmitResult(JobId, false, error);
        }

        state.State.Spec = spec;
        state.State.Status = JobStatus.Running;
        state.State.StartedAt = DateTimeOffset.UtcNow;
        state.State.Backend = backend.Name;
        await PersistAsync(force: true);
        _ = ExecuteAsync();
        return new SubmitResult(JobId, true);
    }

    public Task<JobReport?> GetReportAsync() => Task.FromResult(state.State.Spec is null ? null : Report());

    public Task<IReadOnlyList<QuestionResult>> GetResultsAsync()
    {
        var order = state.State.Spec?.Questions.Select(q => q.Id) ?? [];
        IReadOnlyList<QuestionResult> results = order.Where(state.State.Results.ContainsKey).Select(id => state.State.Results[id]).ToArray();
        return Task.FromResult(results);
    }

    public async IAsyncEnumerable<JobProgress> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var changed = _changed.Task;
            yield return Progress();
            if (state.State.Status != JobStatus.Running)
            {
                yield break;
            }

            await Task.WhenAny(changed, Task.Delay(TimeSpan.FromMilliseconds(400), cancellationToken));
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    public async Task CancelAsync()
    {
        if (state.State.Status != JobStatus.Running)
        {
            return;
        }

        state.State.Status = JobStatus.Cancelled;
        state.State.FinishedAt = DateTimeOffset.UtcNow;
        _cancellation.Cancel();
        await Task.WhenAll(state.State.Workers.Select(w => Worker(w).CancelJobAsync(JobId).ContinueWith(_ => { }, TaskScheduler.Current)));
        await PersistAsync(force: true);
        Signal();
    }

    public async Task<string> AssignAggregatorAsync(string questionId, string? failedWorker)
    {
        MarkExpertsDone(questionId);

        if (state.State.Spec is { OverlapStages: false })
        {
            await _expertBarrier.Task;
        }

        if (failedWorker is not null)
        {
            _deadWorkers.Add(failedWorker);
        }

        var aggregator = Options.Experts[state.State.Spec!.Aggregator];
        var candidates = state.State.Workers.Where(w => !_deadWorkers.Contains(w)).ToArray();
        var live = candidates.Length > 0 ? candidates : LiveWorkers().Select(w => w.Id).ToArray();

        // The worker predicted to be free first: its expert sessions (unless a barrier makes every worker start the
        // aggregator stage together) plus the aggregator calls it already holds.
        var overlap = state.State.Spec!.OverlapStages;
        var best = live.MinBy(w => (overlap ? _plan?.PredictedBusySeconds.GetValueOrDefault(w) ?? 0 : 0) + _aggregatorQueue.GetValueOrDefault(w)
            + (_aggregatorQueue.ContainsKey(w) ? 0 : aggregator.LoadSeconds))!;
        _aggregatorQueue[best] = _aggregatorQueue.GetValueOrDefault(best) + aggregator.PerPromptSeconds;
        _aggregatorCalls++;
        return best;
    }

    /// <summary>The expert stage is over once every question has either a result or a pending aggregator request.</summary>
    private void MarkExpertsDone(string questionId)
    {
        if (_expertsDone.Add(questionId) && _expertsDone.Count >= (state.State.Spec?.Questions.Count ?? int.MaxValue))
        {
            _expertBarrier.TrySetResult();
        }
    }

    public Task<SlotAssignment> ReassignAsync(string questionId, SlotAssignment failed)
    {
        if (_deadWorkers.Add(failed.Worker))
        {
            Replan(failed.Worker);
        }

        var worker = _replanQuota.TryGetValue(failed.Expert, out var quota) && quota.Count > 0
            ? quota.Dequeue()
            : state.State.Workers.Where(w => !_deadWorkers.Contains(w))
                .MinBy(w => _plan?.PredictedBusySeconds.GetValueOrDefault(w) ?? 0) ?? LiveWorkers().First().Id;
        // Request ids are unique per plan and per reassignment, so a device never confuses a retry with the original.
        return Task.FromResult(failed with { Worker = worker, RequestId = $"{_planId}r{++_reassignments}:{questionId}:{failed.Slot}" });
    }

    private async Task ExecuteAsync()
    {
        var spec = state.State.Spec!;
        var token = _cancellation.Token;
        try
        {
            this.DelayDeactivation(TimeSpan.FromDays(1));
            var answered = new HashSet<string>(state.State.Results.Keys, StringComparer.Ordinal);
            foreach (var question in answered)
            {
                MarkExpertsDone(question);
            }

            var workers = LiveWorkers();
            state.State.Generation++;
            _planId = $"p{state.State.Generation}.{Guid.NewGuid():N}"[..12];
            _plan = JobPlanner.Plan(spec, Options.Experts, workers, Options, answered, _planId);
            foreach (var (question, slots) in _plan.SlotsByQuestion)
            {
                _slots[question] = slots;
            }

            state.State.Workers = workers.Select(w => w.Id).ToList();
            state.State.PlannedMakespanSeconds = _plan.Schedule.MakespanSeconds;
            state.State.LowerBoundSeconds = _plan.LowerBound.Seconds;
            state.State.PlannedBusySeconds = _plan.PredictedBusySeconds.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            token.ThrowIfCancellationRequested();
            await Task.WhenAll(_plan.SessionsByWorker.Select(p => Worker(p.Key).PrepareAsync(JobId, p.Value)));
            token.ThrowIfCancellationRequested();

            var questions = spec.Questions.Where(q => !answered.Contains(q.Id)).ToArray();
            state.State.DispatchedAt ??= DateTimeOffset.UtcNow;
            await Task.WhenAll(questions.Select(q => RunQuestionAsync(spec, q, token)));

            if (state.State.Status == JobStatus.Running)
            {
                state.State.Status = JobStatus.Completed;
                state.State.FinishedAt = DateTimeOffset.UtcNow;
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "Job {Job} failed", JobId);
            state.State.Status = JobStatus.Failed;
            state.State.Error = e.Message;
            state.State.FinishedAt = DateTimeOffset.UtcNow;
        }
        finally
        {
            // A finished job closes its open-ended sessions; any other end drops its sessions so no device waits on
            // requests that will never come.
            var completed = state.State.Status == JobStatus.Completed;
            await Task.WhenAll(state.State.Workers.Where(w => !_deadWorkers.Contains(w))
                .Select(w => (completed ? Worker(w).CloseAsync(JobId) : Worker(w).CancelJobAsync(JobId)).ContinueWith(_ => { }, TaskScheduler.Current)));
            await PersistAsync(force: true);
            Signal();
            this.DelayDeactivation(TimeSpan.FromMinutes(5));
        }
    }

    private async Task RunQuestionAsync(JobSpec spec, QuestionSpec question, CancellationToken token)
    {
        var query = GrainFactory.GetGrain<IQueryGrain>($"{JobId}/{question.Id}");
        for (var attempt = 0; ; attempt++)
        {
            var work = new QueryWork(
                JobId, question, _slots[question.Id], spec.Gate, spec.AnswerFormat, spec.Aggregator, spec.MaxNewTokens, _planId);
            try
            {
                var result = await query.RunAsync(work, token);
                await RecordAsync(result);
                return;
            }
            catch (Exception e) when (WorkerFailure.IsWorkerLoss(e) && attempt < 10 && !token.IsCancellationRequested)
            {
                logger.LogWarning("Query {Question} lost its silo, retrying: {Error}", question.Id, e.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(100 * (attempt + 1)), token);
            }
        }
    }

    private async Task RecordAsync(QuestionResult result)
    {
        if (state.State.Status != JobStatus.Running || !state.State.Results.TryAdd(result.QuestionId, result with
            {
                CompletedAtSeconds = (DateTimeOffset.UtcNow - state.State.StartedAt!.Value).TotalSeconds,
            }))
        {
            return;
        }

        _cancelledCalls += result.ExpertCalls.Count(c => c.Status == "cancelled");
        MarkExpertsDone(result.QuestionId);
        Signal();
        await PersistAsync(force: false);
    }

    /// <summary>Re-plans the dead worker's unanswered slots on the remaining workers; later reassignments follow it.</summary>
    private void Replan(string deadWorker)
    {
        state.State.Replans++;
        var remaining = state.State.Workers.Where(w => !_deadWorkers.Contains(w)).ToArray();
        var orphaned = _slots.Where(p => !state.State.Results.ContainsKey(p.Key))
            .SelectMany(p => p.Value).Where(s => s.Worker == deadWorker)
            .GroupBy(s => s.Expert).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        if (remaining.Length == 0 || orphaned.Count == 0)
        {
            return;
        }

        var experts = orphaned.Select(p => Options.Experts[p.Key].ToExpertSpec(p.Key, p.Value)).ToArray();
        var k = Math.Max(Options.MaxModelsPerWorker, (experts.Length + remaining.Length - 1) / remaining.Length);
        var instance = new SchedulingInstance("replan", experts, remaining.Select(w => new WorkerSpec(w)).ToArray(), k).Validate();
        var plan = new LptScheduler().Plan(instance);
        _replanQuota.Clear();
        foreach (var worker in plan.Workers)
        {
            foreach (var session in worker.Sessions)
            {
                if (!_replanQuota.TryGetValue(session.Expert, out var quota))
                {
                    _replanQuota[session.Expert] = quota = new Queue<string>();
                }

                for (var i = 0; i < session.PromptCount; i++)
                {
                    quota.Enqueue(worker.Worker);
                }
            }
        }

        logger.LogWarning("Job {Job}: worker {Worker} left; re-planned {Prompts} prompts on {Workers} workers",
            JobId, deadWorker, orphaned.Values.Sum(), remaining.Length);
    }

    /// <summary>
    /// Writes the state: always when forced (start, end, cancel), otherwise at most once per interval and never
    /// queued behind a write in progress, so a burst of results costs one write, not one per result.
    /// </summary>
    private async Task PersistAsync(bool force)
    {
        if (!force && (DateTimeOffset.UtcNow - _lastWrite < PersistInterval || _writeLock.CurrentCount == 0))
        {
            return;
        }

        await _writeLock.WaitAsync();
        try
        {
            if (!force && DateTimeOffset.UtcNow - _lastWrite < PersistInterval)
            {
                return;
            }

            _lastWrite = DateTimeOffset.UtcNow;
            await state.WriteStateAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private IReadOnlyList<WorkerInfo> LiveWorkers() =>
        directory.ActiveWorkers().Select(p => new WorkerInfo(p.Key, directory.MemoryOf(p.Value))).OrderBy(w => w.Id, StringComparer.Ordinal).ToArray();

    private IWorkerGrain Worker(string worker) => GrainFactory.GetGrain<IWorkerGrain>(worker);

    private void Signal() => Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private JobProgress Progress() => new(
        JobId, state.State.Status, state.State.Results.Count, state.State.Spec?.Questions.Count ?? 0, _aggregatorCalls, _cancelledCalls,
        state.State.Error ?? state.State.Status.ToString().ToLowerInvariant(), DateTimeOffset.UtcNow);

    private JobReport Report()
    {
        var s = state.State;
        var withGold = s.Results.Values.Where(r => r.Gold is not null).ToArray();
        var end = s.FinishedAt ?? DateTimeOffset.UtcNow;
        var expertStage = s.DispatchedAt is { } begin && s.Results.Count > 0
            ? (s.Results.Values.Max(r => r.ExpertsDoneAt ?? end) - begin).TotalSeconds
            : 0;
        var stages = s.DispatchedAt is { } dispatched ? (end - dispatched).TotalSeconds : 0;
        var wall = s.StartedAt is { } start ? (end - start).TotalSeconds : 0;
        return new JobReport(
            JobId, s.Status, s.Backend, s.Spec!.Scheduler, s.Spec.Questions.Count, s.Results.Count,
            s.Results.Values.Count(r => r.AggregatorCall is not null), s.Results.Values.Sum(r => r.ExpertCalls.Count(c => c.Status == "cancelled")),
            s.PlannedMakespanSeconds, s.LowerBoundSeconds, wall,
            withGold.Length == 0 ? null : withGold.Count(r => r.Correct == true) / (double)withGold.Length, s.Error, s.Workers, s.Replans,
            s.PlannedBusySeconds, expertStage, Math.Max(0, stages - expertStage), s.StartedAt);
    }
}

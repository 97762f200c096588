using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mosaic.Abstractions;
using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Grains.Aggregation;
using Mosaic.Grains.Backends;
using Mosaic.Grains.Devices;
using Mosaic.Grains.Hosting;
using Mosaic.Grains.Placement;
using Mosaic.Grains.Queries;
using Mosaic.Grains.Telemetry;
using Mosaic.Scheduling;
using Mosaic.Scheduling.Jobs;
using Mosaic.Storage.Jobs;
using Orleans.Serialization;
using Orleans.Storage;

namespace Mosaic.Grains.Jobs;

/// <summary>
/// A MoA job's orchestration: validate and plan at submit, then run a generation — take back what workers still
/// queue, let the aggregation grain rebuild the job from its rows, plan what remains, prepare the workers' sessions and
/// fan the calls out — and run a new one whenever the set of workers changes or this activation replaces a dead one.
/// Every re-plan is counted and logged; a superseded activation stops at its next write.
/// </summary>
[Reentrant]
[GrainType("mosaic.job")]
internal sealed class JobGrain(
    [PersistentState("job", MosaicStorageNames.Grains)] IPersistentState<JobState> state,
    IJobStore store,
    Serializer serializer,
    WorkerDirectory directory,
    IInferenceBackend backend,
    IOptions<MosaicGrainsOptions> options,
    MosaicTelemetry telemetry,
    ILogger<JobGrain> logger) : Grain, IJobGrain, IJobControl
{
    private const int MaxFailedAttempts = 10;
    private readonly SemaphoreSlim _planning = new(1, 1);
    private readonly SemaphoreSlim _writing = new(1, 1);
    private IReadOnlyDictionary<string, SiloAddress> _workers = new Dictionary<string, SiloAddress>();
    private JobSpec? _spec;
    private StagePlan? _firstPlan;
    private JobCounters _live = JobCounters.Empty;
    private bool _replanNeeded;
    private IGrainTimer? _timer;
    private int _failedAttempts;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private string JobId => this.GetPrimaryKeyString();

    private JobState S => state.State;

    private IAggregationControl Aggregation => GrainFactory.GetGrain<IAggregationControl>(JobId);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _live = S.Counters;
        return S.Status == JobStatus.Running ? StartGenerationAsync(resume: true) : Task.CompletedTask;
    }

    public async Task<SubmitResult> SubmitAsync(JobSpec spec)
    {
        if (state.RecordExists || S.Status != JobStatus.Unknown)
        {
            return new SubmitResult(JobId, false, $"job '{JobId}' already exists");
        }

        using var trace = JobTraces.StartSubmit(JobId);
        StagePlan plan;
        try
        {
            spec = JobRouter.Route(spec);
            if (JobValidator.Validate(spec, options.Value.Experts) is { } error)
            {
                throw new ArgumentException(error);
            }

            plan = await PlanAsync(spec, JobPlanning.AllCalls(spec), raise: false);
        }
        catch (Exception e) when (e is ArgumentException or InvalidInstanceException)
        {
            var error = e is InvalidInstanceException ? $"the plan is infeasible for this cluster: {e.Message}" : e.Message;
            logger.LogInformation("Job {Job} rejected: {Error}", JobId, error);
            telemetry.JobRejected();
            return new SubmitResult(JobId, false, error);
        }

        if (!await store.TryCreateJobAsync(JobId, serializer.SerializeToArray(spec)))
        {
            return new SubmitResult(JobId, false, $"job '{JobId}' already exists");
        }

        (_spec, _firstPlan) = (spec, plan);
        (S.Status, S.Generation, S.Questions, S.Scheduler, S.Backend, S.StartedAt) = (JobStatus.Running, 0, spec.Questions.Count, spec.Scheduler, backend.Name, DateTimeOffset.UtcNow);
        (S.PlannedMakespanSeconds, S.LowerBoundSeconds, S.Plan) = (plan.MakespanSeconds, plan.Bound.Seconds, JobPlanning.View(plan, spec.Scheduler, 1, 0));
        S.TraceParent = trace?.Id;
        telemetry.JobAccepted();
        logger.LogInformation("Job {Job} accepted: {Questions} questions, plan {Status} makespan {Makespan:0.0} s (bound {Bound:0.0} s) in {Solve:0} ms",
            JobId, spec.Questions.Count, plan.Schedule.Status, plan.MakespanSeconds, plan.Bound.Seconds, plan.Schedule.SolveTime.TotalMilliseconds);
        await store.SetRunningAsync(JobId, true);
        await StartGenerationAsync(resume: false);
        return new SubmitResult(JobId, true);
    }

    public Task EnsureRunningAsync() => Task.CompletedTask;

    public async Task CompletedAsync(int generation, JobCounters counters)
    {
        if (generation == S.Generation && S.Status == JobStatus.Running)
        {
            _live = counters;
            await EndAsync(JobStatus.Completed, null);
        }
    }

    public async Task CancelAsync()
    {
        if (S.Status == JobStatus.Running)
        {
            await EndAsync(JobStatus.Cancelled, null);
        }
    }

    public Task<JobReport?> GetReportAsync() =>
        Task.FromResult(S.Status == JobStatus.Unknown ? null : JobReports.Build(JobId, S, S.Status == JobStatus.Running ? _live : S.Counters, DateTimeOffset.UtcNow));

    public async Task<ResultPage> GetResultsAsync(int from, int maxCount)
    {
        var rows = S.Status == JobStatus.Unknown ? [] : await store.ReadResultsAsync(JobId, Math.Max(0, from), Math.Clamp(maxCount, 1, 10_000));
        var results = rows.Select(r => serializer.Deserialize<QuestionResult>(r.Payload)!).ToArray();
        var next = rows.Count == Math.Clamp(maxCount, 1, 10_000) ? rows[^1].QuestionIndex + 1 : (int?)null;
        return new ResultPage(results, from, next, S.Status == JobStatus.Running ? _live.Answered : S.Counters.Answered, S.Questions);
    }

    public Task<JobPlanView?> GetPlanAsync() => Task.FromResult(S.Plan);

    public async Task<IReadOnlyList<TimelineEntry>> GetTimelineAsync()
    {
        if (S.Status == JobStatus.Unknown)
        {
            return [];
        }

        var timelines = await Task.WhenAll(directory.ActiveWorkers().Keys.Select(async worker =>
        {
            try
            {
                return await GrainFactory.GetGrain<IWorkerGrain>(worker).GetTimelineAsync(JobId);
            }
            catch (Exception e) when (WorkerFailure.IsWorkerLoss(e))
            {
                return [];
            }
        }));
        return [.. timelines.SelectMany(t => t).OrderBy(e => e.Start).ThenBy(e => e.Worker, StringComparer.Ordinal)];
    }

    public async IAsyncEnumerable<JobProgress> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var changed = _changed.Task;
            var counters = S.Status == JobStatus.Running ? _live : S.Counters;
            yield return new JobProgress(JobId, S.Status, counters.Answered, S.Questions, counters.AggregatorCalls, counters.CancelledCalls,
                S.Error ?? S.Status.ToString().ToLowerInvariant(), DateTimeOffset.UtcNow);
            if (S.Status != JobStatus.Running)
            {
                yield break;
            }

            await Task.WhenAny(changed, Task.Delay(TimeSpan.FromMilliseconds(400), cancellationToken));
        }
    }

    /// <summary>Starts a generation: the first after submit, or a resume that supersedes whatever activation ran before.</summary>
    private async Task StartGenerationAsync(bool resume)
    {
        S.Generation++;
        S.Replans += resume ? 1 : 0;
        telemetry.Replanned(resume);
        await WriteAsync();
        _timer ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)) { Interleave = true, KeepAlive = true });
        _ = RunGenerationAsync(S.Generation, resume);
    }

    private async Task RunGenerationAsync(int generation, bool resume)
    {
        await _planning.WaitAsync();
        using var span = JobTraces.Start("mosaic.job.generation", JobId, S.TraceParent)?.SetTag("mosaic.job.generation", generation);
        try
        {
            _spec ??= serializer.Deserialize<JobSpec>(await store.ReadSpecAsync(JobId) ?? throw new InvalidOperationException("the job's spec is missing"))!;
            var running = await WithdrawAsync(generation);
            var pending = await Aggregation.StartAsync(new AggregationSetup(generation, running));
            logger.LogInformation("Job {Job} generation {Generation} {How}: {Pending} expert calls to plan, {Running} still running",
                JobId, generation, resume ? "resumes" : "starts", pending.Count, running.Count);
            var plan = !resume && _firstPlan is { } first ? first : await PlanAsync(_spec, JobPlanning.Calls(_spec, pending), raise: true);
            await DispatchAsync(plan, generation, lost: []);
            _failedAttempts = 0;
        }
        catch (Exception e)
        {
            await OnRunErrorAsync(e);
        }
        finally
        {
            _planning.Release();
        }
    }

    /// <summary>Once a second: copy the counters, persist them, and re-plan when workers left, came back or joined.</summary>
    private async Task TickAsync(CancellationToken cancellationToken)
    {
        if (S.Status != JobStatus.Running || _planning.CurrentCount == 0)
        {
            return;
        }

        var progress = await Aggregation.GetProgressAsync();
        if (progress.Generation != S.Generation)
        {
            logger.LogWarning("Job {Job}: its aggregation grain lost generation {Generation}; starting a new one", JobId, S.Generation);
            await StartGenerationAsync(resume: true);
            return;
        }

        (_live, S.Counters) = (progress.Counters, progress.Counters);
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        await WriteAsync();
        var live = directory.ActiveWorkers();
        var lost = _workers.Where(w => !live.TryGetValue(w.Key, out var silo) || !silo.Equals(w.Value)).Select(w => w.Key).ToArray();
        if (_replanNeeded || lost.Length > 0 || live.Keys.Any(w => !_workers.ContainsKey(w)))
        {
            await ReplanAsync(lost);
        }
    }

    private async Task ReplanAsync(IReadOnlyList<string> lost)
    {
        await _planning.WaitAsync();
        using var span = JobTraces.Start("mosaic.job.replan", JobId, S.TraceParent)?.SetTag("mosaic.job.lost_workers", string.Join(",", lost));
        try
        {
            // A re-plan is a new generation: a worker takes back only the queued calls of older generations, so in the
            // same generation the calls still queued on live workers would be planned again and computed twice.
            var generation = ++S.Generation;
            await WriteAsync();
            var running = await WithdrawAsync(generation);
            var pending = await Aggregation.StartAsync(new AggregationSetup(generation, running));
            var plan = await PlanAsync(_spec!, JobPlanning.Calls(_spec!, pending), raise: true);
            S.Replans++;
            telemetry.Replanned(true);
            logger.LogWarning("Job {Job} re-plan {Replan}: workers lost [{Lost}], live [{Live}]; {Pending} calls planned, plan {Status} makespan {Makespan:0.0} s (bound {Bound:0.0} s) in {Solve:0} ms with K = {K}",
                JobId, S.Replans, string.Join(",", lost), string.Join(",", plan.Workers.Select(w => w.Worker)), pending.Count, plan.Schedule.Status, plan.MakespanSeconds,
                plan.Bound.Seconds, plan.Schedule.SolveTime.TotalMilliseconds, plan.ModelsPerWorker);
            await DispatchAsync(plan, generation, lost);
            _failedAttempts = 0;
        }
        catch (Exception e)
        {
            await OnRunErrorAsync(e);
        }
        finally
        {
            _planning.Release();
        }
    }

    /// <summary>
    /// Takes back every live worker's queued expert calls of this job; returns the calls that stay with a worker and
    /// where: running calls, and queued aggregator calls (a new generation must not send those again).
    /// </summary>
    private async Task<IReadOnlyDictionary<CallKey, string>> WithdrawAsync(int generation)
    {
        var replies = await Task.WhenAll(directory.ActiveWorkers().Keys.Select(async worker =>
        {
            try
            {
                return (worker, (await GrainFactory.GetGrain<IWorkerGrain>(worker).WithdrawAsync(JobId, generation)).Running);
            }
            catch (Exception e) when (WorkerFailure.IsWorkerLoss(e))
            {
                return (worker, Running: (IReadOnlyList<CallKey>)[]);
            }
        }));
        var running = new Dictionary<CallKey, string>();
        foreach (var (worker, keys) in replies)
        {
            foreach (var key in keys)
            {
                // A call belongs to one worker; should two report it, both outcomes apply idempotently (the first
                // wins) rather than failing the job and losing every unanswered question.
                if (!running.TryAdd(key, worker))
                {
                    logger.LogWarning("Job {Job}: call {Call} runs on both {First} and {Second}", JobId, key, running[key], worker);
                }
            }
        }

        return running;
    }

    private async Task DispatchAsync(StagePlan plan, int generation, IReadOnlyList<string> lost)
    {
        var spec = _spec!;
        _workers = directory.ActiveWorkers().Where(w => plan.Workers.Any(p => p.Worker == w.Key)).ToDictionary();
        _replanNeeded = false;
        var prepared = await Task.WhenAll(plan.Workers.Select(w => PrepareAsync(w, spec, generation)));
        S.Plan = JobPlanning.View(plan, spec.Scheduler, generation, S.Replans);
        S.DispatchedAt ??= DateTimeOffset.UtcNow;
        await WriteAsync();
        var query = GrainFactory.GetGrain<IQueryGrain>(JobId);
        var undelivered = await Task.WhenAll(JobPlanning.Shards(plan, spec, JobId, generation).Select(query.DispatchAsync));
        _replanNeeded = undelivered.Any(u => u.Count > 0) || prepared.Contains(false);
        await Aggregation.UpdatePlanAsync(new PlanUpdate(generation, plan.BusySeconds, lost));
    }

    /// <summary>
    /// A worker that died after the plan was made (still listed until membership declares it dead) must not fail the
    /// job: its calls go undelivered and the next tick plans them again.
    /// </summary>
    private async Task<bool> PrepareAsync(StageWorker worker, JobSpec spec, int generation)
    {
        try
        {
            await GrainFactory.GetGrain<IWorkerGrain>(worker.Worker).PrepareAsync(JobId, generation, JobPlanning.Sessions(worker, spec));
            return true;
        }
        catch (Exception e) when (WorkerFailure.IsWorkerLoss(e) || e is TimeoutException)
        {
            logger.LogWarning("Job {Job}: worker {Worker} unreachable while preparing generation {Generation}; planning again: {Error}", JobId, worker.Worker, generation, e.Message);
            return false;
        }
    }

    private async Task<StagePlan> PlanAsync(JobSpec spec, IReadOnlyList<RoutedCall> calls, bool raise)
    {
        using var span = JobTraces.Start("mosaic.plan", JobId, S.TraceParent);
        var workers = directory.ActiveWorkers().Select(p => new WorkerSpec(p.Key, directory.MemoryOf(p.Value))).OrderBy(w => w.Id, StringComparer.Ordinal).ToArray();
        var request = JobPlanning.Request(calls, spec, PoolProfiles.Load(options.Value.Experts), workers, options.Value, raise);
        var plan = await Task.Run(() => StagePlanner.Plan(request)); // off the grain's turn: the solve may take its whole time limit
        telemetry.Planned(span, plan, calls.Count, replan: raise);
        return plan;
    }

    /// <summary>
    /// Only a plan that cannot exist fails a job. A superseded activation stops; anything else (a worker or silo going
    /// away, a timeout, this silo shutting down) is retried by the next tick, a bounded number of times in a row.
    /// </summary>
    private async Task OnRunErrorAsync(Exception e)
    {
        switch (e)
        {
            case InconsistentStateException or StaleGenerationException:
                logger.LogWarning("Job {Job}: this activation was superseded ({Error}); it stops", JobId, e.Message);
                this.DeactivateOnIdle();
                break;
            case InvalidInstanceException when directory.ActiveWorkers().Count == 0:
                logger.LogWarning("Job {Job}: no worker is live; it waits for one", JobId);
                _replanNeeded = true;
                break;
            case InvalidInstanceException:
            case var _ when ++_failedAttempts > MaxFailedAttempts:
                logger.LogError(e, "Job {Job} failed", JobId);
                await EndAsync(JobStatus.Failed, e.Message);
                break;
            default:
                logger.LogWarning("Job {Job}: planning or dispatch interrupted ({Error}); retrying", JobId, e.Message);
                _replanNeeded = true;
                break;
        }
    }

    private async Task EndAsync(JobStatus status, string? error)
    {
        (S.Status, S.Error, S.FinishedAt, S.Counters) = (status, error, DateTimeOffset.UtcNow, _live);
        var workers = directory.ActiveWorkers().Keys.Select(w => GrainFactory.GetGrain<IWorkerGrain>(w)).ToArray();
        var ends = workers.Select(w => status == JobStatus.Completed ? w.CloseAsync(JobId) : w.CancelJobAsync(JobId));
        var stopping = Aggregation.StopAsync(S.Generation);
        await Task.WhenAll(ends.Append(stopping).Select(t => Quietly(t)));
        if (stopping.IsCompletedSuccessfully && stopping.Result is { } final)
        {
            (_live, S.Counters) = (final, final); // rows written since the last tick are counted too
        }

        _timer?.Dispose();
        _timer = null;
        var timelines = await Task.WhenAll(workers.Select(w => w.GetTimelineAsync(JobId)).Select(t => t.ContinueWith(r => r.IsCompletedSuccessfully ? r.Result : [])));
        S.SkippedSessions = timelines.Sum(t => t.Count(e => e.Kind == TimelineKind.SkippedSession));
        await store.SetRunningAsync(JobId, false);
        await WriteAsync();
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        var report = telemetry.JobEnded(JobId, S.TraceParent, JobReports.Build(JobId, S, _live, DateTimeOffset.UtcNow), timelines.SelectMany(t => t));
        logger.LogInformation("Job {Job} {Status}: {Answered}/{Questions} answered, {Replans} re-plans, expert stage {ExpertStage:0.00} s (planned makespan {Makespan:0.0} s), {Wall:0.00} s in all{Error}",
            JobId, status, _live.Answered, S.Questions, S.Replans, report.ExpertStageSeconds, report.PlannedMakespanSeconds, report.WallSeconds, error is null ? "" : $": {error}");
    }

    /// <summary>One write at a time; a write that finds a newer activation's state throws <see cref="InconsistentStateException"/>.</summary>
    private async Task WriteAsync()
    {
        await _writing.WaitAsync();
        try
        {
            await state.WriteStateAsync();
        }
        finally
        {
            _writing.Release();
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception)
        {
            // a worker that has gone needs no goodbye
        }
    }
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mosaic.Abstractions;
using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Grains.Aggregation;
using Mosaic.Grains.Backends;
using Mosaic.Grains.Hosting;
using Mosaic.Grains.Placement;
using Mosaic.Grains.Telemetry;
using Mosaic.Scheduling.Jobs;
using Mosaic.Storage.Jobs;
using Orleans.Serialization;

namespace Mosaic.Grains.Jobs;

/// <summary>
/// A MoA job's orchestration: admit it (route, validate, plan), run plan generations (<see cref="JobGeneration"/>) —
/// the first, a resume whenever this activation replaces a dead one, a re-plan whenever the set of workers changes —
/// copy the counters once a second, and end it once (<see cref="GenerationLock"/>). A superseded activation stops at
/// its next write.
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
    private readonly GenerationLock _lock = new();
    private readonly SerialStateWriter<JobState> _writer = new(state);
    private readonly JobProgressFeed _feed = new();
    private JobGeneration? _run;
    private JobCounters _live = JobCounters.Empty;
    private bool _replanNeeded;
    private IGrainTimer? _timer;
    private int _failedAttempts;

    private string JobId => this.GetPrimaryKeyString();

    private JobState S => state.State;

    private JobCounters Counters => S.Status == JobStatus.Running ? _live : S.Counters;

    private JobGeneration Run => _run ??= new JobGeneration(JobId, GrainFactory, store, serializer, directory, options.Value, telemetry, logger);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _live = S.Counters;
        return S.Status == JobStatus.Running ? StartGenerationAsync(GenerationCause.Resume, []) : Task.CompletedTask;
    }

    public async Task<SubmitResult> SubmitAsync(JobSpec spec)
    {
        using var trace = JobTraces.StartSubmit(JobId);
        var exists = state.RecordExists || S.Status != JobStatus.Unknown;
        var admission = exists ? new JobAdmission(spec, null, $"job '{JobId}' already exists") : await Run.AdmitAsync(spec, S.TraceParent);
        if (admission is not { Plan: { } plan, Error: null } || !await store.TryCreateJobAsync(JobId, serializer.SerializeToArray(admission.Spec)))
        {
            var error = admission.Error ?? $"job '{JobId}' already exists";
            JobLog.Rejected(logger, JobId, error);
            telemetry.JobRejected();
            return new SubmitResult(JobId, false, error);
        }

        S.Begin(admission.Spec, plan, backend.Name, trace?.Id);
        telemetry.JobAccepted();
        JobLog.Accepted(logger, JobId, S.Questions, plan.Schedule.Status, plan.MakespanSeconds, plan.Bound.Seconds, plan.Schedule.SolveTime.TotalMilliseconds);
        await store.SetRunningAsync(JobId, true);
        await StartGenerationAsync(GenerationCause.Submit, []);
        return new SubmitResult(JobId, true);
    }

    public Task EnsureRunningAsync() => Task.CompletedTask;

    public Task CompletedAsync(int generation, JobCounters counters) =>
        generation == S.Generation && S.Status == JobStatus.Running ? EndAsync(JobStatus.Completed, null, counters, holdsLock: false) : Task.CompletedTask;

    public Task CancelAsync() => S.Status == JobStatus.Running ? EndAsync(JobStatus.Cancelled, null, _live, holdsLock: false) : Task.CompletedTask;

    public Task<JobReport?> GetReportAsync() =>
        Task.FromResult(S.Status == JobStatus.Unknown ? null : JobReports.Build(JobId, S, Counters, DateTimeOffset.UtcNow));

    public async Task<ResultPage> GetResultsAsync(int from, int maxCount)
    {
        var count = Math.Clamp(maxCount, 1, 10_000);
        var rows = S.Status == JobStatus.Unknown ? [] : await store.ReadResultsAsync(JobId, Math.Max(0, from), count);
        var results = rows.Select(r => serializer.Deserialize<QuestionResult>(r.Payload)!).ToArray();
        return new ResultPage(results, from, rows.Count == count ? rows[^1].QuestionIndex + 1 : null, Counters.Answered, S.Questions);
    }

    public Task<JobPlanView?> GetPlanAsync() => Task.FromResult(S.Plan);

    public async Task<IReadOnlyList<TimelineEntry>> GetTimelineAsync() => S.Status == JobStatus.Unknown ? [] : await Run.TimelineAsync();

    public IAsyncEnumerable<JobProgress> WatchAsync(CancellationToken cancellationToken) =>
        _feed.WatchAsync(() => JobReports.Progress(JobId, S, Counters), cancellationToken);

    /// <summary>
    /// Writes the new generation under the lock (workers then take back the calls still queued for an older one
    /// instead of computing them twice, and an older activation stops at its next write) and runs it off this turn.
    /// </summary>
    private async Task StartGenerationAsync(GenerationCause cause, IReadOnlyList<string> lost)
    {
        if (!await _lock.EnterAsync())
        {
            return;
        }

        try
        {
            (S.Generation, S.Replans) = (S.Generation + 1, S.Replans + (cause == GenerationCause.Submit ? 0 : 1));
            telemetry.Replanned(cause != GenerationCause.Submit);
            _timer ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)) { Interleave = true, KeepAlive = true });
            await _writer.WriteAsync();
            _ = RunGenerationAsync(S.Generation, cause, lost);
        }
        catch (Exception e)
        {
            await OnRunErrorAsync(e);
        }
    }

    /// <summary>Plans and dispatches one generation, then releases the lock.</summary>
    private async Task RunGenerationAsync(int generation, GenerationCause cause, IReadOnlyList<string> lost)
    {
        using var span = JobTraces.StartGeneration(JobId, generation, cause == GenerationCause.Replan, lost, S.TraceParent);
        try
        {
            _replanNeeded = !await Run.RunAsync(generation, cause, lost, S.TraceParent, (spec, plan) =>
            {
                (S.Plan, S.DispatchedAt) = (JobPlanning.View(plan, spec.Scheduler, generation, S.Replans), S.DispatchedAt ?? DateTimeOffset.UtcNow);
                return _writer.WriteAsync();
            }, _lock.Ending);
            _failedAttempts = 0;
            _lock.Exit();
        }
        catch (OperationCanceledException) when (_lock.Ending.IsCancellationRequested)
        {
            _lock.Exit(); // the job ended while this generation was planning or dispatching; the end waits for this
        }
        catch (Exception e)
        {
            await OnRunErrorAsync(e);
        }
    }

    /// <summary>Once a second: copy the counters, persist them, and re-plan when workers left, came back or joined.</summary>
    private async Task TickAsync(CancellationToken cancellationToken)
    {
        if (S.Status != JobStatus.Running || !_lock.IsIdle)
        {
            return;
        }

        var progress = await GrainFactory.GetGrain<IAggregationControl>(JobId).GetProgressAsync();
        if (progress.Generation != S.Generation)
        {
            JobLog.AggregationLost(logger, JobId, S.Generation);
            await StartGenerationAsync(GenerationCause.Resume, []);
            return;
        }

        (_live, S.Counters) = (progress.Counters, progress.Counters);
        _feed.Signal();
        await _writer.WriteAsync();
        if (Run.WorkerChanges() is var (lost, joined) && (_replanNeeded || lost.Count > 0 || joined))
        {
            await StartGenerationAsync(GenerationCause.Replan, lost);
        }
    }

    /// <summary>A generation that failed while holding the lock: stop, end the job, or plan again at the next tick; then release the lock.</summary>
    private async Task OnRunErrorAsync(Exception e)
    {
        try
        {
            var failure = RunFailures.Classify(e, directory.ActiveWorkers().Count, _failedAttempts);
            _failedAttempts += failure == RunFailure.Retry ? 1 : 0;
            _replanNeeded |= failure is RunFailure.Retry or RunFailure.WaitForWorkers;
            switch (failure)
            {
                case RunFailure.Superseded:
                    JobLog.Superseded(logger, JobId, e.Message);
                    this.DeactivateOnIdle();
                    break;
                case RunFailure.Fatal:
                    JobLog.Failed(logger, e, JobId);
                    await EndAsync(JobStatus.Failed, e.Message, _live, holdsLock: true);
                    break;
                default:
                    JobLog.Interrupted(logger, JobId, failure == RunFailure.Retry ? "planning or dispatch interrupted" : "no worker is live", e.Message);
                    break;
            }
        }
        finally
        {
            _lock.Exit();
        }
    }

    /// <summary>
    /// The workers and the aggregation grain stop, and only then does the job say it has ended, with counters that
    /// count every result row written: until then a report still says running.
    /// </summary>
    private Task EndAsync(JobStatus status, string? error, JobCounters counters, bool holdsLock) => _lock.EndOnceAsync(holdsLock, async () =>
    {
        var (final, timeline) = await Run.EndAsync(status, S.Generation);
        _live = final ?? counters;
        S.End(status, error, _live, timeline.Count(e => e.Kind == TimelineKind.SkippedSession));
        _timer?.Dispose();
        _timer = null;
        await store.SetRunningAsync(JobId, false);
        await _writer.WriteAsync();
        _feed.Signal();
        JobLog.Ended(logger, telemetry.JobEnded(JobId, S.TraceParent, JobReports.Build(JobId, S, _live, DateTimeOffset.UtcNow), timeline), error);
    });
}

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
/// copy the counters once a second, and end it. A superseded activation stops at its next write.
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
    private readonly SemaphoreSlim _planning = new(1, 1);
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly JobProgressFeed _feed = new();
    private readonly CancellationTokenSource _ending = new();
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
        generation == S.Generation && S.Status == JobStatus.Running ? EndAsync(JobStatus.Completed, null, counters, holdsPlanning: false) : Task.CompletedTask;

    public Task CancelAsync() => S.Status == JobStatus.Running ? EndAsync(JobStatus.Cancelled, null, _live, holdsPlanning: false) : Task.CompletedTask;

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

    public IAsyncEnumerable<JobProgress> WatchAsync(CancellationToken cancellationToken) => _feed.WatchAsync(
        () => new JobProgress(JobId, S.Status, Counters.Answered, S.Questions, Counters.AggregatorCalls, Counters.CancelledCalls, S.Error ?? S.Status.ToString().ToLowerInvariant(), DateTimeOffset.UtcNow),
        cancellationToken);

    /// <summary>
    /// Takes the planning lock and writes the new generation (workers then take back the calls still queued for an
    /// older one instead of computing them twice, and an older activation stops at its next write); the generation
    /// runs off this turn and releases the lock.
    /// </summary>
    private async Task StartGenerationAsync(GenerationCause cause, IReadOnlyList<string> lost)
    {
        await _planning.WaitAsync();
        if (_ending.IsCancellationRequested)
        {
            _planning.Release();
            return;
        }

        try
        {
            (S.Generation, S.Replans) = (S.Generation + 1, S.Replans + (cause == GenerationCause.Submit ? 0 : 1));
            telemetry.Replanned(cause != GenerationCause.Submit);
            _timer ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)) { Interleave = true, KeepAlive = true });
            await WriteAsync();
            _ = RunGenerationAsync(S.Generation, cause, lost);
        }
        catch (Exception e)
        {
            try
            {
                await OnRunErrorAsync(e);
            }
            finally
            {
                _planning.Release();
            }
        }
    }

    private async Task RunGenerationAsync(int generation, GenerationCause cause, IReadOnlyList<string> lost)
    {
        using var span = JobTraces.Start(cause == GenerationCause.Replan ? "mosaic.job.replan" : "mosaic.job.generation", JobId, S.TraceParent)
            ?.SetTag("mosaic.job.generation", generation).SetTag("mosaic.job.lost_workers", string.Join(",", lost));
        try
        {
            _replanNeeded = !await Run.RunAsync(generation, cause, lost, S.TraceParent, (spec, plan) =>
            {
                (S.Plan, S.DispatchedAt) = (JobPlanning.View(plan, spec.Scheduler, generation, S.Replans), S.DispatchedAt ?? DateTimeOffset.UtcNow);
                return WriteAsync();
            }, _ending.Token);
            _failedAttempts = 0;
        }
        catch (OperationCanceledException) when (_ending.IsCancellationRequested)
        {
            // the job ended while this generation was planning or dispatching; the end waits for this
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
        if (S.Status != JobStatus.Running || _ending.IsCancellationRequested || _planning.CurrentCount == 0)
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
        await WriteAsync();
        if (Run.WorkerChanges() is var (lost, joined) && (_replanNeeded || lost.Count > 0 || joined))
        {
            await StartGenerationAsync(GenerationCause.Replan, lost);
        }
    }

    private async Task OnRunErrorAsync(Exception e)
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
                await EndAsync(JobStatus.Failed, e.Message, _live, holdsPlanning: true);
                break;
            default:
                JobLog.Interrupted(logger, JobId, failure == RunFailure.Retry ? "planning or dispatch interrupted" : "no worker is live", e.Message);
                break;
        }
    }

    /// <summary>
    /// Ends the job once. A generation still planning or dispatching stops at its next step and is waited for (unless
    /// it is the one failing), the workers and the aggregation grain stop, and only then does the job say it has
    /// ended, with counters that count every result row written: until then a report still says running.
    /// </summary>
    private async Task EndAsync(JobStatus status, string? error, JobCounters counters, bool holdsPlanning)
    {
        if (_ending.IsCancellationRequested)
        {
            return;
        }

        _ending.Cancel();
        if (!holdsPlanning)
        {
            await _planning.WaitAsync();
        }

        try
        {
            var (final, timeline) = await Run.EndAsync(status, S.Generation);
            (S.Status, S.Error, S.FinishedAt, S.Counters, _live) = (status, error, DateTimeOffset.UtcNow, final ?? counters, final ?? counters);
            S.SkippedSessions = timeline.Count(e => e.Kind == TimelineKind.SkippedSession);
            _timer?.Dispose();
            _timer = null;
            await store.SetRunningAsync(JobId, false);
            await WriteAsync();
            _feed.Signal();
            var report = telemetry.JobEnded(JobId, S.TraceParent, JobReports.Build(JobId, S, _live, DateTimeOffset.UtcNow), timeline);
            JobLog.Ended(logger, JobId, status, _live.Answered, S.Questions, S.Replans, report.ExpertStageSeconds, report.PlannedMakespanSeconds, report.WallSeconds, error is null ? "" : $": {error}");
        }
        finally
        {
            if (!holdsPlanning)
            {
                _planning.Release();
            }
        }
    }

    /// <summary>One write at a time; a write that finds a newer activation's state throws <see cref="Orleans.Storage.InconsistentStateException"/>.</summary>
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
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mosaic.Abstractions;
using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Grains.Backends;
using Mosaic.Grains.Hosting;
using Mosaic.Grains.Placement;
using Mosaic.Grains.Telemetry;
using Mosaic.Storage.Jobs;
using Orleans.Serialization;

namespace Mosaic.Grains.Jobs;

/// <summary>
/// A MoA job: admits it (route, validate, plan: <see cref="JobGeneration.AdmitAsync"/>), records it, and hands its
/// run to <see cref="JobLifecycle"/> (generations, the tick, the end); answers reports, result pages, plans,
/// timelines and watchers from the persisted state and the result rows.
/// </summary>
[Reentrant]
[FullPoolPlacement]
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
    private readonly SemaphoreSlim _submitting = new(1, 1);
    private bool _deleting;
    private JobGeneration? _run;
    private JobLifecycle? _life;

    private string JobId => this.GetPrimaryKeyString();

    private JobState S => state.State;

    private JobGeneration Run => _run ??= new JobGeneration(JobId, GrainFactory, store, serializer, directory, options.Value, telemetry, logger);

    private JobLifecycle Life => _life ??= new JobLifecycle(this, state, Run, store, directory, telemetry, logger);

    private JobCounters Counters => S.Status == JobStatus.Running ? Life.Live : S.Counters;

    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        S.Status == JobStatus.Running ? Life.StartGenerationAsync(GenerationCause.Resume, []) : Task.CompletedTask;

    public async Task<SubmitResult> SubmitAsync(JobSpec spec)
    {
        // One submit at a time (the grain is reentrant and planning awaits): two gateways advancing one batch submit it
        // together, and the second is then refused by the first's recorded job instead of racing it to the store.
        await _submitting.WaitAsync();
        try
        {
            return await AdmitAsync(spec);
        }
        finally
        {
            _submitting.Release();
        }
    }

    private async Task<SubmitResult> AdmitAsync(JobSpec spec)
    {
        using var trace = JobTraces.StartSubmit(JobId);
        var exists = state.RecordExists || S.Status != JobStatus.Unknown;
        var (taken, takenBy) = S.Forgotten ? ($"job '{JobId}' was deleted; a deleted job's id is not used again", JobRejection.IdRetired) : ($"job '{JobId}' already exists", JobRejection.IdInUse);
        var admission = exists ? new JobAdmission(spec, null, taken) : await Run.AdmitAsync(spec, S.TraceParent);
        if (admission is not { Plan: { } plan, Forecast: { } forecast, SpeedFactors: { } speeds, Error: null } || !await RecordAsync(admission.Spec))
        {
            var (error, rejection) = admission.Error is { } invalid && !exists ? (invalid, JobRejection.Invalid) : (taken, takenBy);
            JobLog.Rejected(logger, JobId, error);
            telemetry.JobRejected(JobId);
            return new SubmitResult(JobId, false, error, rejection);
        }

        S.Begin(admission.Spec, plan, forecast, speeds, backend.Name, trace?.Id);
        telemetry.JobAccepted(JobId);
        JobLog.Accepted(logger, JobId, S.Questions, plan.Schedule.Status, plan.MakespanSeconds, plan.Bound.Seconds, plan.Schedule.SolveTime.TotalMilliseconds);
        await store.SetRunningAsync(JobId, true);
        await Life.StartGenerationAsync(GenerationCause.Submit, []);
        return new SubmitResult(JobId, true);
    }

    /// <summary>
    /// Writes the job's spec to the store; false when the id is taken. Called only for a job without state, so an id
    /// already in the store was recorded by an admission that stopped before it wrote the job's state (its silo died):
    /// nothing was dispatched from it, and the same spec sent again takes the record over.
    /// </summary>
    private async Task<bool> RecordAsync(JobSpec spec)
    {
        var bytes = serializer.SerializeToArray(spec);
        if (await store.TryCreateJobAsync(JobId, bytes))
        {
            return true;
        }

        if (await store.ReadSpecAsync(JobId) is not { } recorded || !recorded.AsSpan().SequenceEqual(bytes))
        {
            return false;
        }

        JobLog.RecordTakenOver(logger, JobId);
        return true;
    }

    public Task<bool> IsAdmittingAsync() => Task.FromResult(_submitting.CurrentCount == 0);

    public Task EnsureRunningAsync() => Task.CompletedTask;

    public Task CompletedAsync(int generation, JobCounters counters) =>
        generation == S.Generation && S.Status == JobStatus.Running ? Life.EndAsync(JobStatus.Completed, counters) : Task.CompletedTask;

    public Task<IReadOnlyList<int>> ReportTextsAsync(IReadOnlyList<CallText> parts) => Task.FromResult(Life.ReportTexts(parts));

    public Task CancelAsync() => S.Status == JobStatus.Running ? Life.EndAsync(JobStatus.Cancelled, Life.Live) : Task.CompletedTask;

    public Task<bool> ForgetAsync() => DeleteAsync(keepMark: true);

    public Task<bool> DiscardAsync() => DeleteAsync(keepMark: false);

    private async Task<bool> DeleteAsync(bool keepMark)
    {
        // Every silo's expiry scan may ask at once, and the grain is reentrant: the first deletes.
        if (S.Status is JobStatus.Running or JobStatus.Unknown || _deleting)
        {
            return false;
        }

        _deleting = true;
        try
        {
            await store.DeleteJobAsync(JobId);
            if (keepMark)
            {
                state.State = new JobState { Forgotten = true };
                await state.WriteStateAsync();
            }
            else
            {
                await state.ClearStateAsync();
            }
        }
        finally
        {
            _deleting = false;
        }

        DeactivateOnIdle();
        return true;
    }

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
        Life.Feed.WatchAsync(() => JobReports.Progress(JobId, S, Counters), cancellationToken);
}

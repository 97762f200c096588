using Microsoft.Extensions.Logging;
using Mosaic.Abstractions.Jobs;
using Mosaic.Grains.Hosting;
using Mosaic.Grains.Placement;
using Mosaic.Grains.Telemetry;
using Mosaic.Storage.Jobs;

namespace Mosaic.Grains.Jobs;

/// <summary>
/// A running job's life on its activation, in order: plan generations one at a time (<see cref="GenerationLock"/>) —
/// the first, a resume whenever the activation replaces a dead one, a re-plan whenever the set of workers changes —
/// with each generation's cluster work done by <see cref="JobGeneration"/>; once a second copy the counters and decide
/// whether to plan again; classify a failed generation (<see cref="RunFailures"/>); and end once. The grain owns the
/// persistent state and its activation; every write goes through here, one at a time, and a write that finds a
/// newer activation's state stops this one.
/// </summary>
internal sealed class JobLifecycle(
    IGrainBase grain,
    IPersistentState<JobState> state,
    JobGeneration run,
    IJobStore store,
    WorkerDirectory directory,
    MosaicTelemetry telemetry,
    ILogger logger)
{
    private readonly GenerationLock _lock = new();
    private readonly SerialStateWriter<JobState> _writer = new(state);
    private readonly PersistentRetry _retry = new(TimeProvider.System, logger);
    private bool _replanNeeded;
    private int _failedAttempts;
    private IGrainTimer? _timer;

    public JobProgressFeed Feed { get; } = new();

    /// <summary>The counters as of the last tick (the persisted ones once the job has ended).</summary>
    public JobCounters Live { get; private set; } = state.State.Counters;

    private JobState S => state.State;

    private string JobId => run.JobId;

    /// <summary>
    /// Parts of a streaming job's call texts, for its watchers while it runs: the length of each call's text held now
    /// (after the job's end, each part's end, so that its sender sends nothing again).
    /// </summary>
    public IReadOnlyList<int> ReportTexts(IReadOnlyList<CallText> parts) =>
        S.Status == JobStatus.Running ? Feed.Report(parts) : [.. parts.Select(p => p.End)];

    /// <summary>
    /// Writes the new generation under the lock (workers then take back the calls still queued for an older one
    /// instead of computing them twice, and an older activation stops at its next write) and runs it off this turn.
    /// </summary>
    public async Task StartGenerationAsync(GenerationCause cause, IReadOnlyList<string> lost)
    {
        if (!await _lock.EnterAsync())
        {
            return;
        }

        try
        {
            if (cause == GenerationCause.Resume)
            {
                // The stored results are the truth; the persisted counters are the last tick's, and a new activation's
                // first reports showed fewer answers than before its silo died (a batch's count went 210 → 0 → 210).
                Show(JobCounters.From(await store.ReadTotalsAsync(JobId)), "the store");
            }

            (S.Generation, S.Replans) = (S.Generation + 1, S.Replans + (cause == GenerationCause.Submit ? 0 : 1));
            telemetry.Replanned(JobId, cause != GenerationCause.Submit);
            _timer ??= grain.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)) { Interleave = true, KeepAlive = true });
            await _writer.WriteAsync();
            _ = RunGenerationAsync(S.Generation, cause, lost);
        }
        catch (Exception e)
        {
            await OnRunErrorAsync(e);
        }
    }

    /// <summary>Ends the job (completed, cancelled) unless it has ended already.</summary>
    public Task EndAsync(JobStatus status, JobCounters counters) => EndAsync(status, null, counters, holdsLock: false);

    /// <summary>Plans and dispatches one generation, then releases the lock.</summary>
    private async Task RunGenerationAsync(int generation, GenerationCause cause, IReadOnlyList<string> lost)
    {
        using var span = JobTraces.StartGeneration(JobId, generation, cause == GenerationCause.Replan, lost, S.TraceParent);
        try
        {
            _replanNeeded = !await run.RunAsync(generation, cause, lost, S.TraceParent, (spec, plan) =>
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

    /// <summary>
    /// Once a second: cancel a job unwatched past its lease; copy the counters, persist them, and re-plan when workers
    /// left, came back or joined.
    /// </summary>
    private async Task TickAsync(CancellationToken cancellationToken)
    {
        if (S.Status != JobStatus.Running || !_lock.IsIdle)
        {
            return;
        }

        if (S.WatchLease is { } lease && Feed.Unwatched > lease)
        {
            JobLog.Unwatched(logger, JobId, lease.TotalSeconds);
            await EndAsync(JobStatus.Cancelled, $"no client watched the job for {lease.TotalSeconds:0.#} s (its watch lease)", Live, holdsLock: false);
            return;
        }

        var progress = await run.ProgressAsync();
        if (progress.Generation != S.Generation)
        {
            JobLog.AggregationLost(logger, JobId, S.Generation);
            await StartGenerationAsync(GenerationCause.Resume, []);
            return;
        }

        Show(progress.Counters, "the aggregation grain");
        Feed.Signal();
        await _writer.WriteAsync();
        if (run.WorkerChanges() is var (lost, joined) && (_replanNeeded || lost.Count > 0 || joined))
        {
            await StartGenerationAsync(GenerationCause.Replan, lost);
        }
    }

    /// <summary>
    /// Takes a reading of the counters while the job runs, unless it has fewer answers than those shown already: result
    /// rows are never taken back, so a smaller count is a stale reading (an aggregation activation that has not caught
    /// up), and a watcher must never see a job's progress go backwards. The job's end sets the final counters as read.
    /// </summary>
    private void Show(JobCounters reading, string source)
    {
        if (reading.Answered < Live.Answered)
        {
            JobLog.CountsBehind(logger, JobId, source, reading.Answered, Live.Answered);
            return;
        }

        (Live, S.Counters) = (reading, reading);
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
                    grain.DeactivateOnIdle();
                    break;
                case RunFailure.Fatal:
                    JobLog.Failed(logger, e, JobId);
                    await EndAsync(JobStatus.Failed, e.Message, Live, holdsLock: true);
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
        var (final, timeline) = await run.EndAsync(status, S.Generation);
        if (status == JobStatus.Completed)
        {
            // Before the state says so: a client that sees the job completed and submits the next one at once must find
            // its speeds recorded (a CI run once priced that next job from the profiles alone).
            await run.CalibrateAsync(timeline);
        }

        Live = final ?? counters;
        S.End(status, error, Live, timeline.Count(e => e.Kind == TimelineKind.SkippedSession));
        _timer?.Dispose();
        _timer = null;
        // Retried until written (the store may be restarting): a job ends once, so nothing would write its end later.
        await PersistAsync(() => store.SetRunningAsync(JobId, false), "marking it ended in the job store");
        var written = await PersistAsync(_writer.WriteAsync, "writing its final state");
        if (written && S.Retention is { } retention)
        {
            // After the state is written: the expiry scan deletes an ended job only.
            await PersistAsync(() => store.SetExpiryAsync(JobId, S.FinishedAt!.Value + retention), "setting its expiry");
        }

        Feed.Signal();
        JobLog.Ended(logger, telemetry.JobEnded(JobId, S.TraceParent, JobReports.Build(JobId, S, Live, DateTimeOffset.UtcNow), timeline), error, run.EmulatedTimeScale);
    });

    /// <summary>A write at the job's end, retried until it lands unless a newer activation owns the state.</summary>
    private Task<bool> PersistAsync(Func<Task> write, string what) =>
        _retry.RunAsync(write, $"Job {JobId}: {what}", (error, _) => error is not Orleans.Storage.InconsistentStateException);
}

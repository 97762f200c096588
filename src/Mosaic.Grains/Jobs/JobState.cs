using Mosaic.Abstractions.Jobs;
using Mosaic.Scheduling.Jobs;

namespace Mosaic.Grains.Jobs;

/// <summary>
/// A job's persisted state, O(1) in its questions: where it is, which activation owns it (<see cref="Generation"/>),
/// its current plan summary and counters. The spec and every result live in their own rows (<c>IJobStore</c>).
/// </summary>
[GenerateSerializer, Alias("mosaic.job-state")]
internal sealed class JobState
{
    [Id(0)] public JobStatus Status { get; set; }

    [Id(1)] public int Generation { get; set; }

    [Id(2)] public int Questions { get; set; }

    [Id(3)] public SchedulerKind Scheduler { get; set; }

    [Id(4)] public string Backend { get; set; } = "";

    [Id(5)] public DateTimeOffset? StartedAt { get; set; }

    [Id(6)] public DateTimeOffset? DispatchedAt { get; set; }

    [Id(7)] public DateTimeOffset? FinishedAt { get; set; }

    [Id(8)] public string? Error { get; set; }

    [Id(9)] public JobPlanView? Plan { get; set; }

    [Id(10)] public int Replans { get; set; }

    [Id(11)] public JobCounters Counters { get; set; } = JobCounters.Empty;

    [Id(12)] public int SkippedSessions { get; set; }

    /// <summary>The first plan's predicted makespan and lower bound (re-plans cover only the remaining work).</summary>
    [Id(13)] public double PlannedMakespanSeconds { get; set; }

    [Id(14)] public double LowerBoundSeconds { get; set; }

    /// <summary>The W3C id of the job's root span (null when tracing was off at submit); later spans join its trace.</summary>
    [Id(15)] public string? TraceParent { get; set; }

    /// <summary>The first plan's expert stage with its early decisions priced (<see cref="EarlyDecisionForecaster"/>).</summary>
    [Id(16)] public double ForecastExpertStageSeconds { get; set; }

    [Id(17)] public double ForecastCancelledCalls { get; set; }

    /// <summary>The speed factors the first plan was priced at (<see cref="Hosting.MosaicGrainsOptions.CalibrateSpeed"/>; empty without).</summary>
    [Id(18)] public IReadOnlyDictionary<string, double> SpeedFactors { get; set; } = new Dictionary<string, double>();

    /// <summary>The workers' spread the forecast priced (<see cref="StragglerExpectation"/>; 0 without calibration).</summary>
    [Id(19)] public double ForecastSpread { get; set; }

    /// <summary>
    /// The job was forgotten (its rows deleted): all that is left is this mark, so that its id is never run again while
    /// workers may still remember the old job's calls.
    /// </summary>
    [Id(20)] public bool Forgotten { get; set; }

    [Id(21)] public JobPriority Priority { get; set; }

    /// <summary>The spec's: how long after its end the job is deleted (null: kept).</summary>
    [Id(22)] public TimeSpan? Retention { get; set; }

    /// <summary>The spec's: how long the running job may go unwatched before it is cancelled (null: for ever).</summary>
    [Id(23)] public TimeSpan? WatchLease { get; set; }

    /// <summary>An admitted job starts running, its first plan recorded (generation 1 once it is dispatched).</summary>
    public void Begin(JobSpec spec, StagePlan plan, ExpertStageForecast forecast, IReadOnlyDictionary<string, double> speedFactors, string backend, string? traceParent)
    {
        (Status, Generation, Questions, Scheduler, Priority, Retention, WatchLease, Backend, StartedAt, TraceParent) =
            (JobStatus.Running, 0, spec.Questions.Count, spec.Scheduler, spec.Priority, spec.Retention, spec.WatchLease, backend, DateTimeOffset.UtcNow, traceParent);
        (PlannedMakespanSeconds, LowerBoundSeconds, Plan) = (plan.MakespanSeconds, plan.Bound.Seconds, JobPlanning.View(plan, spec.Scheduler, 1, 0));
        (ForecastExpertStageSeconds, ForecastCancelledCalls, ForecastSpread) = (forecast.MakespanSeconds, forecast.CancelledCalls, forecast.Spread);
        SpeedFactors = speedFactors;
    }

    /// <summary>The job has ended: its status, its final counters (every result row written) and the sessions its workers skipped.</summary>
    public void End(JobStatus status, string? error, JobCounters counters, int skippedSessions) =>
        (Status, Error, FinishedAt, Counters, SkippedSessions) = (status, error, DateTimeOffset.UtcNow, counters, skippedSessions);
}

using Mosaic.Abstractions.Jobs;

namespace Mosaic.Abstractions.Results;

/// <summary>
/// The summary of a job: plan quality, stage times, gate effect, accuracy and recovery. The expert stage runs from
/// dispatch to the last question's expert answers (<see cref="ExpertStageSeconds"/>, to compare with the plan's
/// <see cref="PlannedMakespanSeconds"/>); the aggregation tail from there to the end. With early decisions the plan
/// places calls the gate will cancel: <see cref="ForecastExpertStageSeconds"/> is the plan's expert stage with the
/// expected cancellations (<see cref="ForecastCancelledCalls"/>) priced from the router's accuracies; without early
/// decisions or a router it equals the planned makespan. <see cref="SpeedFactors"/> are the per-expert speeds the
/// plan priced generation at, learned from the cluster's earlier jobs (0.8: 80% of the profiled time); empty when the
/// cluster does not calibrate or had no earlier job. The forecast also prices <see cref="ForecastSpread"/>: how far the
/// workers' speeds strayed from each other in those jobs (log standard deviation), since a balanced plan ends with its
/// slowest worker; 0 without calibration. <see cref="Answered"/> counts the decided questions (one stored result each),
/// including the <see cref="Unanswered"/> ones that got no answer (every expert call failed, e.g. over its context):
/// their result's <c>FinalAnswer</c> is null. A job whose every question has an answer has <c>Answered == Questions</c>
/// and <c>Unanswered == 0</c>. <see cref="Priority"/>, <see cref="Retention"/> and <see cref="WatchLease"/> are the
/// spec's: how the workers order the job's work against other jobs', how long after its end the cluster deletes it, and
/// how long it may run unwatched.
/// </summary>
[GenerateSerializer, Immutable, Alias("mosaic.job-report")]
public sealed record JobReport(
    [property: Id(0)] string JobId,
    [property: Id(1)] JobStatus Status,
    [property: Id(2)] string Backend,
    [property: Id(3)] SchedulerKind Scheduler,
    [property: Id(4)] int Questions,
    [property: Id(5)] int Answered,
    [property: Id(6)] int AggregatorCalls,
    [property: Id(7)] int CancelledExpertCalls,
    [property: Id(8)] double PlannedMakespanSeconds,
    [property: Id(9)] double LowerBoundSeconds,
    [property: Id(10)] double WallSeconds,
    [property: Id(11)] double? Accuracy,
    [property: Id(12)] string? Error,
    [property: Id(13)] IReadOnlyList<string> Workers,
    [property: Id(14)] int Replans,
    [property: Id(15)] IReadOnlyDictionary<string, double> PlannedBusySeconds,
    [property: Id(16)] double ExpertStageSeconds,
    [property: Id(17)] double AggregationTailSeconds,
    [property: Id(18)] DateTimeOffset? StartedAt,
    [property: Id(19)] DateTimeOffset? DispatchedAt,
    [property: Id(20)] DateTimeOffset? FinishedAt,
    [property: Id(21)] int FailedCalls,
    [property: Id(22)] int TrimmedPrompts,
    [property: Id(23)] int Generation,
    [property: Id(24)] int SkippedSessions,
    [property: Id(25)] double ForecastExpertStageSeconds,
    [property: Id(26)] double ForecastCancelledCalls,
    [property: Id(27)] IReadOnlyDictionary<string, double> SpeedFactors,
    [property: Id(28)] double ForecastSpread = 0,
    [property: Id(29)] int Unanswered = 0,
    [property: Id(30)] JobPriority Priority = JobPriority.Interactive,
    [property: Id(31)] TimeSpan? Retention = null,
    [property: Id(32)] TimeSpan? WatchLease = null);

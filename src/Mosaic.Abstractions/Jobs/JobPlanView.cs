namespace Mosaic.Abstractions.Jobs;

/// <summary>The current plan of a job's expert stage: status of the solve, its makespan and bound, every worker's sessions.</summary>
[GenerateSerializer, Immutable, Alias("mosaic.job-plan-view")]
public sealed record JobPlanView(
    [property: Id(0)] SchedulerKind Scheduler,
    [property: Id(1)] string SolveStatus,
    [property: Id(2)] double MakespanSeconds,
    [property: Id(3)] double LowerBoundSeconds,
    [property: Id(4)] double SolveMilliseconds,
    [property: Id(5)] IReadOnlyList<PlannedWorkerView> Workers,
    [property: Id(6)] int Generation,
    [property: Id(7)] int Replans);

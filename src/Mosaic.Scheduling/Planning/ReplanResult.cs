namespace Mosaic.Scheduling.Planning;

/// <summary>
/// A re-plan: <see cref="Plan"/> runs the remaining prompts (original ids) on available workers only; K is
/// <see cref="MaxModelsPerWorker"/>, raised above the instance's when the workers left could not otherwise host every
/// expert; no plan of the remaining work on these workers under that K can finish before
/// <see cref="LowerBoundSeconds"/>. When no plan exists, <see cref="Plan"/> is infeasible and <see cref="Problem"/>
/// says why in one line.
/// </summary>
public sealed record ReplanResult(SchedulePlan Plan, int MaxModelsPerWorker, double LowerBoundSeconds, string? Problem);

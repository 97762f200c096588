namespace Mosaic.Scheduling.Simulation;

/// <summary>The realized makespan of a plan executed against a trace, with every worker's timeline.</summary>
public sealed record SimulationResult(double MakespanSeconds, IReadOnlyList<WorkerTimeline> Workers);

namespace Mosaic.Scheduling.Planning;

/// <summary>
/// The work left when a plan must change: the instance the job was planned with, the prompts of each expert still to
/// run (ids in the instance's numbering, 0 … N_m − 1; experts not listed have none left) and the ids of the workers
/// still available.
/// </summary>
public sealed record ReplanRequest(
    SchedulingInstance Instance,
    IReadOnlyDictionary<string, IReadOnlyList<int>> RemainingPrompts,
    IReadOnlyList<string> AvailableWorkers);

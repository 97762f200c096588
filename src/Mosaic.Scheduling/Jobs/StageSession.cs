namespace Mosaic.Scheduling.Jobs;

/// <summary>
/// One planned session of a worker: the expert, exactly the calls it serves, its predicted start and end (seconds from
/// dispatch) and how much of that is the model's load.
/// </summary>
public sealed record StageSession(string Expert, IReadOnlyList<RoutedCall> Calls, double StartSeconds, double EndSeconds, double LoadSeconds = 0);

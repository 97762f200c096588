namespace Mosaic.Scheduling.Jobs;

/// <summary>One planned session of a worker: the expert, exactly the calls it serves, and its predicted start and end (seconds from dispatch).</summary>
public sealed record StageSession(string Expert, IReadOnlyList<RoutedCall> Calls, double StartSeconds, double EndSeconds);

namespace Mosaic.Abstractions.Jobs;

/// <summary>One worker's planned sessions, in run order.</summary>
[GenerateSerializer, Immutable, Alias("mosaic.planned-worker-view")]
public sealed record PlannedWorkerView(
    [property: Id(0)] string Worker,
    [property: Id(1)] IReadOnlyList<PlannedSessionView> Sessions,
    [property: Id(2)] double BusySeconds);

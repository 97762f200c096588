namespace Mosaic.Grains.Devices;

/// <summary>
/// What a worker gave back when a job re-planned: <see cref="Withdrawn"/> expert calls that had not started (now
/// removed, to be planned again) and <see cref="Running"/> calls already generating (kept: their outcomes will be
/// reported as usual), and <see cref="QueuedAggregatorCalls"/> (kept queued: they will run here and report too).
/// Every outcome finished before the withdrawal has been persisted by the time this returns.
/// </summary>
[GenerateSerializer, Immutable, Alias("mosaic.withdraw-result")]
public sealed record WithdrawResult(
    [property: Id(0)] IReadOnlyList<CallKey> Withdrawn,
    [property: Id(1)] IReadOnlyList<CallKey> Running,
    [property: Id(2)] string? ResidentExpert,
    [property: Id(3)] IReadOnlyList<CallKey> QueuedAggregatorCalls);

namespace Mosaic.Grains.Devices;

/// <summary>
/// What a worker gave back when a job re-planned: <see cref="Withdrawn"/> expert calls that had not started (now
/// removed, to be planned again) and <see cref="Running"/>, the calls it keeps — those already generating and its
/// queued aggregator calls — whose outcomes will be reported as usual. Every outcome finished before the withdrawal
/// has been persisted by the time this returns.
/// </summary>
[GenerateSerializer, Immutable, Alias("mosaic.withdraw-result")]
public sealed record WithdrawResult(
    [property: Id(0)] IReadOnlyList<CallKey> Withdrawn,
    [property: Id(1)] IReadOnlyList<CallKey> Running,
    [property: Id(2)] string? ResidentExpert);

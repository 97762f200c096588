namespace Mosaic.Grains.Devices;

/// <summary>A worker device's state, for readiness probes, metrics and tests.</summary>
[GenerateSerializer, Immutable, Alias("mosaic.worker-status")]
public sealed record WorkerStatus(
    [property: Id(0)] string Worker,
    [property: Id(1)] string Backend,
    [property: Id(2)] string? ResidentExpert,
    [property: Id(3)] int Loads,
    [property: Id(4)] int Running,
    [property: Id(5)] int Queued,
    [property: Id(6)] long CompletedCalls,
    [property: Id(7)] long GeneratedTokens,
    [property: Id(8)] int SkippedSessions,
    [property: Id(9)] DateTimeOffset StartedAt,
    [property: Id(10)] long EvictedCalls = 0);

using Mosaic.Abstractions.Results;

namespace Mosaic.Grains.Devices;

/// <summary>
/// How one call ended on a worker, reported to the job's aggregation grain (and, when completed or failed, persisted
/// first as the call's output). <see cref="Output"/> is set when completed, <see cref="Error"/> when failed.
/// </summary>
[GenerateSerializer, Immutable, Alias("mosaic.call-outcome")]
public sealed record CallOutcome(
    [property: Id(0)] CallKey Key,
    [property: Id(1)] string Expert,
    [property: Id(2)] string Worker,
    [property: Id(3)] int Generation,
    [property: Id(4)] CallStatus Status,
    [property: Id(5)] InferenceOutput? Output,
    [property: Id(6)] string? Error,
    [property: Id(7)] DateTimeOffset FinishedAt);

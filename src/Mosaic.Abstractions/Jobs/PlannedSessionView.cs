namespace Mosaic.Abstractions.Jobs;

/// <summary>One planned session: load the expert (when not already resident), then run its calls; times predicted.</summary>
[GenerateSerializer, Immutable, Alias("mosaic.planned-session-view")]
public sealed record PlannedSessionView(
    [property: Id(0)] string Expert,
    [property: Id(1)] int Calls,
    [property: Id(2)] double StartSeconds,
    [property: Id(3)] double EndSeconds);

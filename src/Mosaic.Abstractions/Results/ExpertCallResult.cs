namespace Mosaic.Abstractions.Results;

/// <summary>
/// One model call (an expert slot or the aggregator): where it ran, what it said, the extracted answer and its cost.
/// <see cref="Status"/> is <c>completed</c>, <c>cancelled</c> (an early decision made it unnecessary) or <c>failed</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("mosaic.expert-call-result")]
public sealed record ExpertCallResult(
    [property: Id(0)] string Expert,
    [property: Id(1)] string Worker,
    [property: Id(2)] string Status,
    [property: Id(3)] string? Text,
    [property: Id(4)] string? Answer,
    [property: Id(5)] int InputTokens,
    [property: Id(6)] int OutputTokens,
    [property: Id(7)] double Seconds,
    [property: Id(8)] bool Emulated);

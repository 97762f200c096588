using Mosaic.Aggregation.Gating;

namespace Mosaic.Abstractions.Results;

/// <summary>What the gate decided for a question and why.</summary>
[GenerateSerializer, Immutable, Alias("mosaic.gate-summary")]
public sealed record GateSummary(
    [property: Id(0)] bool SkippedAggregator,
    [property: Id(1)] string? MajorityAnswer,
    [property: Id(2)] double Confidence,
    [property: Id(3)] double Threshold,
    [property: Id(4)] GateRule Rule,
    [property: Id(5)] IReadOnlyList<AnswerVote> Votes,
    [property: Id(6)] string Reason,
    [property: Id(7)] bool DecidedEarly);

using Mosaic.Aggregation.Gating;

namespace Mosaic.Abstractions.Jobs;

/// <summary>
/// The confidence gate of a job: <see cref="Rule"/> compares the vote fraction (1 conservative, 2/3 aggressive) or
/// Adaptive-Consistency's Beta statistic with <see cref="Threshold"/>, or is <see cref="GateRule.Off"/> (every
/// question goes to the aggregator: the paper's full-aggregation baseline). <see cref="SameExpert"/> says whether two
/// slots filled by one expert count as two votes or one; <see cref="EarlyDecisions"/> cancels expert calls whose
/// answer can no longer change the decision.
/// </summary>
[GenerateSerializer, Immutable, Alias("mosaic.gate-spec")]
public sealed record GateSpec(
    [property: Id(0)] GateRule Rule = GateRule.VoteFraction,
    [property: Id(1)] double Threshold = 2.0 / 3.0,
    [property: Id(2)] SameExpertPolicy SameExpert = SameExpertPolicy.CountEverySlot,
    [property: Id(3)] bool EarlyDecisions = true)
{
    /// <summary>No gate: the paper's full-aggregation baseline.</summary>
    public static GateSpec Off { get; } = new(GateRule.Off, 1, SameExpertPolicy.CountEverySlot, EarlyDecisions: false);
}

using System.Collections.Immutable;

namespace Mosaic.Aggregation.Gating;

/// <summary>A gate decision and everything that led to it.</summary>
/// <param name="Outcome">Skip the aggregator or call it.</param>
/// <param name="Answer">The majority answer when the aggregator is skipped; otherwise null.</param>
/// <param name="Votes">Votes per canonical answer, most votes first, ties in ordinal order of the answer.</param>
/// <param name="Slots">k, the number of routed slots: the denominator of the vote fraction.</param>
/// <param name="NonVotes">Slots whose extraction failed.</param>
/// <param name="VoteFraction">The largest agreeing group divided by k.</param>
/// <param name="Confidence">The statistic compared with the threshold: the vote fraction or the Beta probability.</param>
/// <param name="Settings">The rule, threshold and same-expert policy used.</param>
/// <param name="Reason">One sentence saying why.</param>
public sealed record GateDecision(
    GateOutcome Outcome,
    string? Answer,
    ImmutableArray<AnswerVotes> Votes,
    int Slots,
    int NonVotes,
    double VoteFraction,
    double Confidence,
    GateSettings Settings,
    string Reason)
{
    public bool SkipsAggregator => Outcome == GateOutcome.SkipAggregator;

    public bool Equals(GateDecision? other) =>
        other is not null
        && Outcome == other.Outcome
        && string.Equals(Answer, other.Answer, StringComparison.Ordinal)
        && Votes.SequenceEqual(other.Votes)
        && Slots == other.Slots
        && NonVotes == other.NonVotes
        && VoteFraction.Equals(other.VoteFraction)
        && Confidence.Equals(other.Confidence)
        && Settings == other.Settings
        && string.Equals(Reason, other.Reason, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Outcome, Answer, Votes.Length, Slots, NonVotes, Confidence, Settings);
}

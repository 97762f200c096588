using Mosaic.Aggregation.Gating;

namespace Mosaic.Aggregation.Tests.Gating;

/// <summary>The gate's argument checks, the exact reasons it gives, its statistic at the edges and decision equality.</summary>
public sealed class GateContractTests
{
    private static ExpertAnswer[] Slots(params string?[] answers) =>
        answers.Select((a, i) => new ExpertAnswer($"expert{i}", a)).ToArray();

    [Fact]
    public void Decide_BadArguments_AreRejectedNamingTheParameter()
    {
        Assert.Equal("answers", Assert.Throws<ArgumentNullException>(() => ConfidenceGate.Decide(null!, GateSettings.Conservative)).ParamName);
        Assert.Equal("settings", Assert.Throws<ArgumentNullException>(() => ConfidenceGate.Decide(Slots("A"), null!)).ParamName);
        var empty = Assert.Throws<ArgumentException>(() => ConfidenceGate.Decide([], GateSettings.Conservative));
        Assert.Equal("answers", empty.ParamName);
        Assert.StartsWith("the gate needs at least one slot", empty.Message);
    }

    [Fact]
    public void DecideEarly_BadArguments_AreRejectedNamingTheParameter()
    {
        Assert.Equal("received", Assert.Throws<ArgumentNullException>(() => ConfidenceGate.DecideEarly(null!, 1, GateSettings.Conservative)).ParamName);
        Assert.Equal("settings", Assert.Throws<ArgumentNullException>(() => ConfidenceGate.DecideEarly(Slots("A"), 1, null!)).ParamName);
        Assert.Equal("pending", Assert.Throws<ArgumentOutOfRangeException>(() => ConfidenceGate.DecideEarly(Slots("A"), -1, GateSettings.Conservative)).ParamName);
        var none = Assert.Throws<ArgumentException>(() => ConfidenceGate.DecideEarly([], 0, GateSettings.Conservative));
        Assert.Equal("received", none.ParamName);
        Assert.StartsWith("the gate needs at least one slot", none.Message);
    }

    [Fact]
    public void QuestionGate_BadArguments_AreRejectedNamingTheParameter()
    {
        Assert.Equal("slotExperts", Assert.Throws<ArgumentNullException>(() => new QuestionGate(null!, GateSettings.Conservative, false)).ParamName);
        Assert.Equal("settings", Assert.Throws<ArgumentNullException>(() => new QuestionGate(["a"], null!, false)).ParamName);
        var empty = Assert.Throws<ArgumentException>(() => new QuestionGate([], GateSettings.Conservative, false));
        Assert.Equal("slotExperts", empty.ParamName);
        Assert.StartsWith("a question needs at least one slot", empty.Message);
        var gate = new QuestionGate(["a", "b"], GateSettings.Conservative, false);
        Assert.Throws<ArgumentOutOfRangeException>(() => gate.Record(-1, "A"));
        Assert.Throws<ArgumentOutOfRangeException>(() => gate.Record(2, "A"));
        Assert.False(gate.IsRecorded(0));
        Assert.False(gate.IsRecorded(1));
    }

    [Fact]
    public void Settings_UndefinedEnumsOrThreshold_AreRejectedSayingWhy()
    {
        var threshold = Assert.Throws<ArgumentOutOfRangeException>(() => new GateSettings(GateRule.VoteFraction, double.PositiveInfinity));
        Assert.StartsWith("the gate threshold must be a finite number", threshold.Message);
        var rule = Assert.Throws<ArgumentOutOfRangeException>(() => new GateSettings((GateRule)42, 1.0));
        Assert.Equal("Rule", rule.ParamName);
        Assert.StartsWith("unknown gate rule", rule.Message);
        var policy = Assert.Throws<ArgumentOutOfRangeException>(() => new GateSettings(GateRule.VoteFraction, 1.0, (SameExpertPolicy)42));
        Assert.Equal("SameExpert", policy.ParamName);
        Assert.StartsWith("unknown same-expert policy", policy.Message);
    }

    [Fact]
    public void Settings_StatisticExactlyOneToleranceBelowTheThreshold_Passes()
    {
        // τ = 2/3 + 1e-9: the documented tolerance brings it back to exactly 2/3, so 2 of 3 votes still skip.
        var settings = new GateSettings(GateRule.VoteFraction, 2.0 / 3.0 + GateSettings.Tolerance);
        Assert.Equal(2.0 / 3.0, settings.Threshold - GateSettings.Tolerance);
        Assert.True(ConfidenceGate.Decide(Slots("A", "A", "B"), settings).SkipsAggregator);
    }

    [Fact]
    public void Decide_Reasons_SayWhatWasCountedAndWhy()
    {
        Assert.Equal(
            "votes A: 2, B: 1 of 3 slots; C = 0.667 < tau = 1: call the aggregator",
            ConfidenceGate.Decide(Slots("A", "B", "A"), GateSettings.Conservative).Reason);
        Assert.Equal(
            "votes A: 2 of 3 slots, 1 without an answer (failed, cut off or none extracted); P(p>1/2) = 0.875 < tau = 0.95: call the aggregator",
            ConfidenceGate.Decide(Slots("A", null, "A"), GateSettings.AdaptiveConsistency).Reason);
        Assert.Equal(
            "votes A: 1, B: 1 of 2 slots; tie for the largest group: call the aggregator",
            ConfidenceGate.Decide(Slots("A", "B"), GateSettings.Aggressive).Reason);
        Assert.Equal(
            "no slot gave an answer (2 non-votes): call the aggregator",
            ConfidenceGate.Decide(Slots(null, null), GateSettings.Aggressive).Reason);
        Assert.Equal(
            "votes A: 3 of 3 slots; the gate is off: call the aggregator",
            ConfidenceGate.Decide(Slots("A", "A", "A"), GateSettings.Off).Reason);
        Assert.Equal(
            "votes no votes of 1 slots, 1 without an answer (failed, cut off or none extracted); the gate is off: call the aggregator",
            ConfidenceGate.Decide(Slots([null]), GateSettings.Off).Reason);
    }

    [Fact]
    public void Decide_GateOff_ReportsTheVoteFractionAsItsConfidence()
    {
        var decision = ConfidenceGate.Decide(Slots("A", "A", "B", "C"), GateSettings.Off);
        Assert.Equal(0.5, decision.Confidence);
        Assert.False(decision.SkipsAggregator);
    }

    [Fact]
    public void DecideEarly_Reasons_SayWhatThePendingSlotsCanStillDo()
    {
        var settled = Assert.IsType<EarlyDecision.Settled>(ConfidenceGate.DecideEarly(Slots("A", "A", "A"), 1, GateSettings.Aggressive));
        Assert.Equal(
            "votes A: 3 of 4 slots; 1 of 4 slots pending cannot overturn it (C = 0.75 >= tau = 0.667 in the worst case): skip the aggregator, answer A",
            settled.Decision.Reason);
        Assert.Equal(0.75, settled.Decision.VoteFraction);
        Assert.Equal(0.75, settled.Decision.Confidence);

        var bound = Assert.IsType<EarlyDecision.BoundForAggregator>(ConfidenceGate.DecideEarly(Slots("A", "B"), 1, GateSettings.Conservative));
        Assert.Equal("votes A: 1, B: 1 of 3 slots; 1 of 3 slots pending cannot lift any answer over the threshold: call the aggregator", bound.Reason);

        var undecided = Assert.IsType<EarlyDecision.Undecided>(ConfidenceGate.DecideEarly(Slots("A"), 2, GateSettings.Conservative));
        Assert.Equal("votes A: 1 of 3 slots; 2 of 3 slots pending can still change the outcome", undecided.Reason);

        var off = Assert.IsType<EarlyDecision.BoundForAggregator>(ConfidenceGate.DecideEarly(Slots("A"), 2, GateSettings.Off));
        Assert.Equal("votes A: 1 of 3 slots; the gate is off: call the aggregator", off.Reason);
    }

    [Fact]
    public void DecideEarly_SettledUnderTheBetaRule_NamesTheBetaStatistic()
    {
        var settled = Assert.IsType<EarlyDecision.Settled>(ConfidenceGate.DecideEarly(Slots("A", "A", "A", "A", "A", "A"), 1, GateSettings.AdaptiveConsistency));
        Assert.StartsWith("votes A: 6 of 7 slots; 1 of 7 slots pending cannot overturn it (P(p>1/2) = ", settled.Decision.Reason);
        Assert.EndsWith(" >= tau = 0.95 in the worst case): skip the aggregator, answer A", settled.Decision.Reason);
    }

    [Fact]
    public void BetaRule_NegativeCounts_AreRejected()
    {
        Assert.Equal("leader", Assert.Throws<ArgumentOutOfRangeException>(() => BetaRule.ProbabilityLeaderIsMajority(-1, 0)).ParamName);
        Assert.Equal("runnerUp", Assert.Throws<ArgumentOutOfRangeException>(() => BetaRule.ProbabilityLeaderIsMajority(0, -1)).ParamName);
    }

    [Fact]
    public void BetaRule_SmallCounts_AreExact()
    {
        // Exact below 2^1000: P[Bin(n, 1/2) <= leader] with n = 1, 2, 4 is 1/2, 3/4 and 11/16 exactly.
        Assert.Equal(0.5, BetaRule.ProbabilityLeaderIsMajority(0, 0));
        Assert.Equal(0.75, BetaRule.ProbabilityLeaderIsMajority(1, 0));
        Assert.Equal(11.0 / 16.0, BetaRule.ProbabilityLeaderIsMajority(2, 1));
    }

    [Fact]
    public void BetaRule_ThousandsOfVotes_StayAProbability()
    {
        // n ≥ 1000: the doubles would overflow, so the ratio is taken in logarithms.
        var even = BetaRule.ProbabilityLeaderIsMajority(750, 749);
        Assert.InRange(even, 0.5, 0.52);
        var lopsided = BetaRule.ProbabilityLeaderIsMajority(900, 600);
        Assert.InRange(lopsided, 0.999999, 1.0);
        var behind = BetaRule.ProbabilityLeaderIsMajority(600, 900);
        Assert.InRange(behind, 0.0, 1e-6);
    }

    [Fact]
    public void GateDecision_DiffersInAnyField_IsNotEqual()
    {
        var d = ConfidenceGate.Decide(Slots("A", "A", "B"), GateSettings.Aggressive);
        Assert.Equal(d, d with { });
        Assert.False(d.Equals(null));
        Assert.NotEqual(d, d with { Outcome = GateOutcome.CallAggregator });
        Assert.NotEqual(d, d with { Answer = "B" });
        Assert.NotEqual(d, d with { Votes = [new AnswerVotes("A", 2)] });
        Assert.NotEqual(d, d with { Slots = 4 });
        Assert.NotEqual(d, d with { NonVotes = 1 });
        Assert.NotEqual(d, d with { VoteFraction = 0.5 });
        Assert.NotEqual(d, d with { Confidence = 0.5 });
        Assert.NotEqual(d, d with { Settings = GateSettings.Conservative });
        Assert.NotEqual(d, d with { Reason = "other" });
    }
}

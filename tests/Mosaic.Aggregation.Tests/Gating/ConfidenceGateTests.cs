using CsCheck;
using Mosaic.Aggregation.Gating;

namespace Mosaic.Aggregation.Tests.Gating;

public sealed class ConfidenceGateTests
{
    private static ExpertAnswer[] Slots(params string?[] answers) =>
        answers.Select((a, i) => new ExpertAnswer($"expert{i}", a)).ToArray();

    [Theory]
    [InlineData(new[] { "C", "C", "C" }, 1.0, true)]
    [InlineData(new[] { "C", "C", "B" }, 1.0, false)]
    [InlineData(new[] { "C", "A", "B" }, 1.0, false)]
    [InlineData(new[] { "C", "C", "C" }, 2.0 / 3.0, true)]
    [InlineData(new[] { "C", "C", "B" }, 2.0 / 3.0, true)]
    [InlineData(new[] { "C", "A", "B" }, 2.0 / 3.0, false)]
    [InlineData(new[] { "C", "C", "B" }, 0.666666666667, true)]
    [InlineData(new[] { "C", "C", "B" }, 0.667, false)]
    public void Decide_PaperPatterns_MatchTheTable(string[] answers, double tau, bool skip)
    {
        var decision = ConfidenceGate.Decide(Slots(answers), new GateSettings(GateRule.VoteFraction, tau));
        Assert.Equal(skip, decision.SkipsAggregator);
        Assert.Equal(skip ? "C" : null, decision.Answer);
    }

    [Fact]
    public void Decide_TwoOfThree_RecordsVotesConfidenceAndReason()
    {
        var decision = ConfidenceGate.Decide(Slots("42", "41", "42"), GateSettings.Aggressive);
        Assert.Equal(GateOutcome.SkipAggregator, decision.Outcome);
        Assert.Equal("42", decision.Answer);
        Assert.Equal(new[] { new AnswerVotes("42", 2), new AnswerVotes("41", 1) }, decision.Votes.ToArray());
        Assert.Equal(3, decision.Slots);
        Assert.Equal(0, decision.NonVotes);
        Assert.Equal(2.0 / 3.0, decision.VoteFraction, 12);
        Assert.Equal(decision.VoteFraction, decision.Confidence);
        Assert.Equal(GateSettings.Aggressive, decision.Settings);
        Assert.Equal("votes 42: 2, 41: 1 of 3 slots; C = 0.667 >= tau = 0.667: skip the aggregator, answer 42", decision.Reason);
    }

    [Fact]
    public void Decide_FailedExtraction_IsANonVoteAndKStaysInTheDenominator()
    {
        var decision = ConfidenceGate.Decide(Slots("7", "7", null), GateSettings.Conservative);
        Assert.False(decision.SkipsAggregator);
        Assert.Equal(1, decision.NonVotes);
        Assert.Equal(2.0 / 3.0, decision.VoteFraction, 12);
    }

    [Fact]
    public void Decide_AllFailed_NeverAgrees()
    {
        var decision = ConfidenceGate.Decide(Slots(null, null, null), new GateSettings(GateRule.VoteFraction, 0.0));
        Assert.False(decision.SkipsAggregator);
        Assert.Empty(decision.Votes);
        Assert.Contains("no slot gave an answer", decision.Reason);
    }

    [Fact]
    public void Decide_TieForLargestGroup_CallsTheAggregatorEvenAtLowTau()
    {
        var decision = ConfidenceGate.Decide(Slots("A", "A", "B", "B"), new GateSettings(GateRule.VoteFraction, 0.5));
        Assert.False(decision.SkipsAggregator);
        Assert.Contains("tie", decision.Reason);
    }

    [Fact]
    public void Decide_SameExpertTwice_CountsOnceUnderThatPolicy()
    {
        ExpertAnswer[] slots = [new("qwen", "B"), new("qwen", "B"), new("llama", "B")];
        var every = ConfidenceGate.Decide(slots, GateSettings.Conservative);
        Assert.True(every.SkipsAggregator);

        var policy = new GateSettings(GateRule.VoteFraction, 1.0, SameExpertPolicy.CountOncePerExpert);
        var counted = ConfidenceGate.Decide(slots, policy);
        Assert.False(counted.SkipsAggregator);
        Assert.Equal(new[] { new AnswerVotes("B", 2) }, counted.Votes.ToArray());
        Assert.Equal(2.0 / 3.0, counted.VoteFraction, 12);
        Assert.StartsWith("votes B: 2 of 3 slots (an expert counted once per answer); C = 0.667 < tau = 1", counted.Reason, StringComparison.Ordinal);
        Assert.StartsWith("votes B: 3 of 3 slots; C = 1", every.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, 0, 0.875)]
    [InlineData(3, 0, 0.9375)]
    [InlineData(2, 1, 0.6875)]
    [InlineData(4, 0, 0.96875)]
    [InlineData(3, 1, 0.8125)]
    [InlineData(5, 0, 0.984375)]
    [InlineData(4, 1, 0.890625)]
    [InlineData(6, 0, 0.9921875)]
    [InlineData(5, 1, 0.9375)]
    public void BetaRule_MatchesTheAnchorsTable(int leader, int runnerUp, double expected) =>
        Assert.Equal(expected, BetaRule.ProbabilityLeaderIsMajority(leader, runnerUp), 12);

    [Fact]
    public void Decide_BetaRuleAtDefault_NeedsFourUnanimousVotes()
    {
        Assert.False(ConfidenceGate.Decide(Slots("C", "C", "C"), GateSettings.AdaptiveConsistency).SkipsAggregator);
        var four = ConfidenceGate.Decide(Slots("C", "C", "C", "C"), GateSettings.AdaptiveConsistency);
        Assert.True(four.SkipsAggregator);
        Assert.Equal(0.96875, four.Confidence, 12);
    }

    [Fact]
    public void Decide_NoSlots_Throws() =>
        Assert.Throws<ArgumentException>(() => ConfidenceGate.Decide([], GateSettings.Conservative));

    [Fact]
    public void Settings_NonFiniteThreshold_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new GateSettings(GateRule.VoteFraction, double.NaN));

    private static readonly Gen<GateSettings> AnySettings = Gen.Select(
        Gen.Enum<GateRule>(),
        Gen.OneOfConst(1.0, 2.0 / 3.0, 0.5, 0.95, 0.875, 0.3),
        Gen.Enum<SameExpertPolicy>(),
        (rule, tau, policy) => new GateSettings(rule, tau, policy));

    private static readonly Gen<ExpertAnswer[]> AnySlots = Gen.Select(
            Gen.OneOfConst("e1", "e2", "e3", "e4"),
            Gen.OneOfConst<string?>("A", "B", "C", "12", null))
        .Select((expert, answer) => new ExpertAnswer(expert, answer))
        .Array[1, 7];

    [Fact]
    public void Decide_IsInvariantToTheOrderOfAnswers() =>
        Gen.Select(AnySlots, AnySettings)
            .SelectMany((slots, settings) => Gen.Shuffle(slots.ToArray()).Select(shuffled => (slots, settings, shuffled)))
            .Sample(
                (slots, settings, shuffled) =>
                    Assert.Equal(ConfidenceGate.Decide(slots, settings), ConfidenceGate.Decide(shuffled, settings)),
                iter: 3000);
}

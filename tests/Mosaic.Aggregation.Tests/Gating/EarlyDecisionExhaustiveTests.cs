using Mosaic.Aggregation.Gating;

namespace Mosaic.Aggregation.Tests.Gating;

/// <summary>
/// Proves the early decisions lossless by enumeration: for every k up to 5, every arrival order of answers (up to
/// renaming the answers and the experts, which the gate cannot see), failed extractions included, every prefix's early
/// decision is compared with the full decisions of all its completions.
/// </summary>
public sealed class EarlyDecisionExhaustiveTests
{
    public static TheoryData<GateRule, double, SameExpertPolicy> Settings()
    {
        var data = new TheoryData<GateRule, double, SameExpertPolicy>();
        foreach (var policy in Enum.GetValues<SameExpertPolicy>())
        {
            foreach (var tau in new[] { 1.0, 2.0 / 3.0, 0.75, 0.6, 0.5, 0.4, 1.0 / 3.0, 0.2 })
            {
                data.Add(GateRule.VoteFraction, tau, policy);
            }

            foreach (var threshold in new[] { 0.95, 0.9375, 0.875, 0.8, 0.6875, 0.5 })
            {
                data.Add(GateRule.Beta, threshold, policy);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void DecideEarly_NeverDiffersFromTheFullDecision_AndIsTight(GateRule rule, double threshold, SameExpertPolicy policy)
    {
        var settings = new GateSettings(rule, threshold, policy);
        var checkedPrefixes = 0;
        for (var k = 1; k <= 5; k++)
        {
            // Distinct experts alone make the policy moot, so vary the experts only where it matters.
            var expertChoices = policy == SameExpertPolicy.CountOncePerExpert;
            checkedPrefixes += Visit([], [], k, expertChoices, settings, out _);
        }

        Assert.True(checkedPrefixes >= 110, $"only {checkedPrefixes} prefixes checked");
    }

    // Answers and experts are restricted growth strings: slot i uses a name already seen or the next fresh one, and
    // an answer may also be a failed extraction. Returns the number of prefixes checked; outcomes receives the set of
    // full decisions (outcome and answer) reachable from this prefix.
    private static int Visit(
        List<int?> answers,
        List<int> experts,
        int k,
        bool expertChoices,
        GateSettings settings,
        out HashSet<(GateOutcome, string?)> outcomes)
    {
        var received = answers
            .Select((a, i) => new ExpertAnswer($"e{experts[i]}", a is null ? null : $"a{a}"))
            .ToArray();
        outcomes = [];
        if (answers.Count == k)
        {
            var full = ConfidenceGate.Decide(received, settings);
            outcomes.Add((full.Outcome, full.Answer));
            return 0;
        }

        var visited = 1;
        var freshAnswer = answers.Count == 0 ? 0 : answers.Max(a => a ?? -1) + 1;
        var freshExpert = experts.Count == 0 ? 0 : experts.Max() + 1;
        var answerOptions = Enumerable.Range(0, freshAnswer + 1).Select(a => (int?)a).Append(null);
        var expertOptions = expertChoices ? Enumerable.Range(0, freshExpert + 1) : [answers.Count];
        foreach (var answer in answerOptions)
        {
            foreach (var expert in expertOptions)
            {
                answers.Add(answer);
                experts.Add(expert);
                visited += Visit(answers, experts, k, expertChoices, settings, out var reachable);
                outcomes.UnionWith(reachable);
                answers.RemoveAt(answers.Count - 1);
                experts.RemoveAt(experts.Count - 1);
            }
        }

        var early = ConfidenceGate.DecideEarly(received, k - answers.Count, settings);
        var context = $"{settings} k={k} received=[{string.Join(", ", received.Select(r => $"{r.ExpertId}:{r.Answer ?? "-"}"))}] "
            + $"early={early} reachable=[{string.Join(", ", outcomes)}]";
        switch (early)
        {
            case EarlyDecision.Settled settled:
                Assert.True(settled.Decision.SkipsAggregator, context);
                Assert.True(outcomes.SetEquals([(GateOutcome.SkipAggregator, settled.Decision.Answer)]), context);
                break;
            case EarlyDecision.BoundForAggregator:
                Assert.True(outcomes.SetEquals([(GateOutcome.CallAggregator, null)]), context);
                break;
            case EarlyDecision.Undecided:
                Assert.True(outcomes.Count > 1, "not tight: " + context);
                break;
        }

        return visited;
    }

    [Fact]
    public void DecideEarly_AggressiveGate_TwoAgreeingAnswersSettleTheQuestion()
    {
        var early = ConfidenceGate.DecideEarly([new("qwen", "B"), new("llama", "B")], 1, GateSettings.Aggressive);
        var settled = Assert.IsType<EarlyDecision.Settled>(early);
        Assert.Equal("B", settled.Decision.Answer);
    }

    [Fact]
    public void DecideEarly_ConservativeGate_TwoDisagreeingAnswersBindTheAggregator() =>
        Assert.IsType<EarlyDecision.BoundForAggregator>(
            ConfidenceGate.DecideEarly([new("qwen", "B"), new("llama", "C")], 1, GateSettings.Conservative));

    [Fact]
    public void DecideEarly_ConservativeGate_FailedExtractionBindsTheAggregator() =>
        Assert.IsType<EarlyDecision.BoundForAggregator>(
            ConfidenceGate.DecideEarly([new("qwen", null)], 2, GateSettings.Conservative));

    [Fact]
    public void DecideEarly_OneAnswerOfThree_IsUndecided() =>
        Assert.IsType<EarlyDecision.Undecided>(
            ConfidenceGate.DecideEarly([new("qwen", "B")], 2, GateSettings.Aggressive));
}

using CsCheck;
using Mosaic.Aggregation.Gating;

namespace Mosaic.Aggregation.Tests.Gating;

public sealed class QuestionGateTests
{
    private static readonly string[] Experts = ["a", "b", "c"];

    [Fact]
    public void Record_TwoAgreeUnderTwoThirdsWithEarlyDecisions_SettlesAndCancelsTheThird()
    {
        var gate = new QuestionGate(Experts, GateSettings.Aggressive, earlyDecisions: true);

        Assert.IsType<GateStep.Waiting>(gate.Record(2, "B"));
        var step = Assert.IsType<GateStep.Decided>(gate.Record(0, "B"));

        Assert.True(step.Early);
        Assert.True(step.Decision.SkipsAggregator);
        Assert.Equal("B", step.Decision.Answer);
        Assert.Equal([1], step.CancelSlots);
        Assert.Same(step, gate.Outcome);
    }

    [Fact]
    public void Record_SlotsOfOneSharedCall_CountTogetherBeforeTheGateDecides()
    {
        var alone = new QuestionGate(["a", "a", "b"], GateSettings.Aggressive, earlyDecisions: true);
        var shared = new QuestionGate(["a", "a", "b"], GateSettings.Aggressive, earlyDecisions: true);

        Assert.IsType<GateStep.Waiting>(alone.Record(0, "B"));
        var step = Assert.IsType<GateStep.Decided>(shared.Record([0, 1], "B"));

        Assert.True(step.Early);
        Assert.Equal("B", step.Decision.Answer);
        Assert.Equal([2], step.CancelSlots);
        Assert.True(shared.IsRecorded(1));
        Assert.Same(step, shared.Record([2], "C"));
    }

    [Fact]
    public void Record_SharedSlotsAlreadyRecorded_KeepTheirFirstAnswer()
    {
        var gate = new QuestionGate(["a", "b", "a"], GateSettings.Aggressive, earlyDecisions: false);

        Assert.IsType<GateStep.Waiting>(gate.Record(0, "B"));
        Assert.IsType<GateStep.Waiting>(gate.Record([0], "C"));
        Assert.IsType<GateStep.Waiting>(gate.Record(1, "C"));
        var step = Assert.IsType<GateStep.Decided>(gate.Record([0, 2], "C"));

        Assert.Equal(new[] { new AnswerVotes("C", 2), new AnswerVotes("B", 1) }, step.Decision.Votes.ToArray());
    }

    [Fact]
    public void Record_WithoutEarlyDecisions_WaitsForAllSlots()
    {
        var gate = new QuestionGate(Experts, GateSettings.Aggressive, earlyDecisions: false);

        Assert.IsType<GateStep.Waiting>(gate.Record(0, "B"));
        Assert.IsType<GateStep.Waiting>(gate.Record(1, "B"));
        var step = Assert.IsType<GateStep.Decided>(gate.Record(2, "C"));

        Assert.False(step.Early);
        Assert.Empty(step.CancelSlots);
        Assert.Equal("B", step.Decision.Answer);
    }

    [Fact]
    public void Record_GateOff_AlwaysCallsTheAggregatorAfterAllSlots()
    {
        var gate = new QuestionGate(Experts, GateSettings.Off, earlyDecisions: true);

        gate.Record(0, "B");
        gate.Record(1, "B");
        var step = Assert.IsType<GateStep.Decided>(gate.Record(2, "B"));

        Assert.False(step.Decision.SkipsAggregator);
        Assert.Contains("gate is off", step.Decision.Reason);
    }

    [Fact]
    public void Record_SameSlotTwice_CountsOnce()
    {
        var gate = new QuestionGate(Experts, GateSettings.Conservative, earlyDecisions: true);

        gate.Record(0, "B");
        Assert.IsType<GateStep.Waiting>(gate.Record(0, "B"));
        Assert.IsType<GateStep.Waiting>(gate.Record(1, "B"));
        Assert.IsType<GateStep.Decided>(gate.Record(2, "B"));
    }

    [Fact]
    public void Record_FailedSlots_AreNonVotes()
    {
        var gate = new QuestionGate(Experts, GateSettings.Aggressive, earlyDecisions: true);

        gate.Record(0, null);
        gate.Record(1, "A");
        var step = Assert.IsType<GateStep.Decided>(gate.Record(2, null));

        Assert.False(step.Decision.SkipsAggregator);
        Assert.Equal(2, step.Decision.NonVotes);
    }

    [Fact]
    public void Record_AnyArrivalOrder_DecidesLikeTheGateOnAllAnswers()
    {
        var answers = Gen.OneOfConst<string?>("A", "B", "C", null).Array[3];
        var settings = Gen.OneOfConst(GateSettings.Aggressive, GateSettings.Conservative, GateSettings.AdaptiveConsistency, GateSettings.Off);
        Gen.Select(answers, settings, Gen.Bool, Gen.Int[0, 5]).Sample((slots, rule, early, order) =>
        {
            var permutation = Permutations[order];
            var gate = new QuestionGate(Experts, rule, early);
            GateStep step = new GateStep.Waiting();
            foreach (var slot in permutation)
            {
                step = gate.Record(slot, slots[slot]);
                if (step is GateStep.Decided)
                {
                    break;
                }
            }

            var decided = Assert.IsType<GateStep.Decided>(step);
            var full = ConfidenceGate.Decide(slots.Select((a, i) => new ExpertAnswer(Experts[i], a)).ToArray(), rule);
            Assert.Equal(full.SkipsAggregator, decided.Decision.SkipsAggregator);
            Assert.Equal(full.Answer, decided.Decision.Answer);
        });
    }

    private static readonly int[][] Permutations = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
}

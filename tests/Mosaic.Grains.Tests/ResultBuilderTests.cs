using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Aggregation.Extraction;
using Mosaic.Aggregation.Gating;
using Mosaic.Grains.Aggregation;
using Mosaic.Grains.Devices;
using Mosaic.Storage.Jobs;

namespace Mosaic.Grains.Tests;

public sealed class ResultBuilderTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Start.AddSeconds(30);

    [Fact]
    public void Build_UnanimousSkip_FinalIsTheMajorityAndEveryCallIsCopied()
    {
        var q = Decided(GateSettings.Conservative, gold: "42", ("a", Completed("a", "w1", "so #### 42", trimmed: true)), ("b", Completed("b", "w2", "#### 42")));
        q.ExpertsDoneAt = Start.AddSeconds(10);

        var result = ResultBuilder.Build(q, AnswerFormat.Gsm8k, Now);

        Assert.Equal(("q", "42", "42", 3), (result.QuestionId, result.FinalAnswer, result.Gold, result.QuestionIndex));
        Assert.True(result.Gate.SkippedAggregator);
        Assert.Equal("42", result.Gate.MajorityAnswer);
        Assert.Equal(q.Decision!.Decision.Reason, result.Gate.Reason);
        Assert.Equal((1.0, 1.0, GateRule.VoteFraction, false), (result.Gate.Confidence, result.Gate.Threshold, result.Gate.Rule, result.Gate.DecidedEarly));
        Assert.Equal([new AnswerVote("42", 2)], result.Gate.Votes);
        Assert.Null(result.AggregatorCall);
        Assert.Equal((Now, Start.AddSeconds(10)), (result.CompletedAt, result.ExpertsDoneAt));
        var first = result.ExpertCalls[0];
        Assert.Equal(
            new ExpertCallResult("a", "w1", CallStatus.Completed, "so #### 42", "42", 11, 22, 1.5, true, null, true),
            first);
        Assert.Equal(("b", "w2", "42"), (result.ExpertCalls[1].Expert, result.ExpertCalls[1].Worker, result.ExpertCalls[1].Answer));

        var summary = ResultBuilder.Summary(result);
        Assert.Equal(new ResultSummary(true, false, 0, 0, Start.AddSeconds(10), Now, false, false), summary);
    }

    [Fact]
    public void Build_SharedSlot_SaysWhichSlotsCallAnsweredIt()
    {
        var outcome = Completed("a", "w1", "#### 42");
        var q = Decided(GateSettings.Conservative, gold: "42", ("a", outcome), ("b", Completed("b", "w2", "#### 42")), ("a", outcome));
        q.MarkShared(2, 0);

        var result = ResultBuilder.Build(q, AnswerFormat.Gsm8k, Now);

        Assert.Equal([null, null, 0], result.ExpertCalls.Select(c => c.SharedFromSlot));
        Assert.Equal(result.ExpertCalls[0] with { SharedFromSlot = 0 }, result.ExpertCalls[2]);
    }

    [Fact]
    public void Build_AggregatorAnswered_FinalIsTheAggregatorsAnswer()
    {
        var q = Decided(GateSettings.Conservative, gold: "7", ("a", Completed("a", "w1", "#### 1")), ("b", Completed("b", "w1", "#### 2")));
        q.Aggregator = Completed("agg", "w3", "#### 7", trimmed: true) with { Key = CallKey.Aggregator("q") };

        var result = ResultBuilder.Build(q, AnswerFormat.Gsm8k, Now);

        Assert.False(result.Gate.SkippedAggregator);
        Assert.Null(result.Gate.MajorityAnswer);
        Assert.Equal("7", result.FinalAnswer);
        Assert.Equal(new ExpertCallResult("agg", "w3", CallStatus.Completed, "#### 7", "7", 11, 22, 1.5, true, null, true), result.AggregatorCall);
        Assert.Equal(Now, result.ExpertsDoneAt); // not recorded: the completion time stands in
        Assert.Equal(new ResultSummary(true, true, 0, 0, Now, Now, true, false), ResultBuilder.Summary(result));
    }

    [Fact]
    public void Build_AggregatorFailed_FinalIsTheUniquePlurality()
    {
        var q = Decided(
            GateSettings.Conservative, gold: "9",
            ("a", Completed("a", "w1", "#### 1")), ("b", Completed("b", "w1", "#### 1")), ("c", Completed("c", "w2", "#### 2")));
        q.Aggregator = Failed("agg", "w3", "out of memory") with { Key = CallKey.Aggregator("q") };

        var result = ResultBuilder.Build(q, AnswerFormat.Gsm8k, Now);

        Assert.Equal("1", result.FinalAnswer);
        Assert.False(result.Gate.SkippedAggregator);
        Assert.Null(result.Gate.MajorityAnswer); // the gate did not skip: no majority is reported, even though one answer stood
        Assert.Equal(new ExpertCallResult("agg", "w3", CallStatus.Failed, null, null, 0, 0, 0, false, "out of memory"), result.AggregatorCall);
        Assert.Equal(new ResultSummary(false, true, 0, 1, Now, Now, false, false), ResultBuilder.Summary(result));
    }

    [Fact]
    public void Build_AggregatorAnsweredAgainstTheExperts_TheAggregatorWins()
    {
        var q = Decided(
            GateSettings.Conservative, gold: "9",
            ("a", Completed("a", "w1", "#### 1")), ("b", Completed("b", "w1", "#### 1")), ("c", Completed("c", "w2", "#### 2")));
        q.Aggregator = Completed("agg", "w3", "#### 9");

        Assert.Equal("9", ResultBuilder.Build(q, AnswerFormat.Gsm8k, Now).FinalAnswer);
    }

    [Fact]
    public void Build_NoSlotGaveAnAnswer_IsRecordedWithoutAnAnswer()
    {
        var q = Decided(GateSettings.Conservative, gold: "3", ("a", Completed("a", "w1", "no idea")), ("b", Failed("b", "w1", "timeout")));
        q.Aggregator = Failed("agg", "w3", "boom");

        var result = ResultBuilder.Build(q, AnswerFormat.Gsm8k, Now);

        Assert.Null(result.FinalAnswer);
        Assert.Empty(result.Gate.Votes);
    }

    [Fact]
    public void HasCandidates_OnlyACompletedOutputIsOne()
    {
        var failed = Decided(GateSettings.Conservative, gold: "3", ("a", Failed("a", "w1", "too long")), ("b", Failed("b", "w1", "too long")));
        var unreadable = Decided(GateSettings.Conservative, gold: "3", ("a", Completed("a", "w1", "no idea")), ("b", Failed("b", "w1", "too long")));

        Assert.False(ResultBuilder.HasCandidates(failed));
        Assert.True(ResultBuilder.HasCandidates(unreadable)); // no answer extracted, but a text the aggregator can weigh
        var result = ResultBuilder.Build(failed, AnswerFormat.Gsm8k, Now);
        Assert.Null(result.FinalAnswer);
        Assert.Null(result.AggregatorCall);
        Assert.True(result.Gate.SkippedAggregator);
        Assert.StartsWith("no expert gave an output", result.Gate.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_AggregatorFailedOnATie_HasNoFinalAnswer()
    {
        var q = Decided(GateSettings.Conservative, gold: null, ("a", Completed("a", "w1", "#### 1")), ("b", Completed("b", "w1", "#### 2")));
        q.Aggregator = Failed("agg", "w3", "boom");

        var result = ResultBuilder.Build(q, AnswerFormat.Gsm8k, Now);

        Assert.Null(result.FinalAnswer);
        Assert.Null(ResultBuilder.Summary(result).Correct);
    }

    [Fact]
    public void Build_AggregatorFailedWithOneAnswerGiven_ThatAnswerStands()
    {
        var q = Decided(GateSettings.Conservative, gold: "5", ("a", Completed("a", "w1", "#### 5")), ("b", Failed("b", "w1", "timeout")));
        q.Aggregator = Failed("agg", "w3", "boom");

        var result = ResultBuilder.Build(q, AnswerFormat.Gsm8k, Now);

        Assert.Equal("5", result.FinalAnswer);
        Assert.Equal(new ExpertCallResult("b", "w1", CallStatus.Failed, null, null, 0, 0, 0, false, "timeout"), result.ExpertCalls[1]);
        Assert.Equal(2, ResultBuilder.Summary(result).FailedCalls);
    }

    [Fact]
    public void Build_AggregatorNotYetAnswered_HasNoFinalAnswer()
    {
        var q = Decided(GateSettings.Conservative, gold: "1", ("a", Completed("a", "w1", "#### 1")), ("b", Completed("b", "w1", "#### 1")), ("c", Completed("c", "w1", "#### 2")));

        var result = ResultBuilder.Build(q, AnswerFormat.Gsm8k, Now);

        Assert.Null(result.FinalAnswer);
        Assert.Null(result.AggregatorCall);
        Assert.Equal(new ResultSummary(false, false, 0, 0, Now, Now, false, true), ResultBuilder.Summary(result));
    }

    [Fact]
    public void Build_NoAggregatorStage_ThePluralityStandsAndTheGateSaysWhy()
    {
        var q = Decided(
            GateSettings.Conservative, gold: "1",
            ("a", Completed("a", "w1", "#### 1")), ("b", Completed("b", "w1", "#### 1")), ("c", Completed("c", "w1", "#### 2")));

        var result = ResultBuilder.Build(q, AnswerFormat.Gsm8k, Now, hasAggregator: false);

        Assert.Equal("1", result.FinalAnswer);
        Assert.True(result.Gate.SkippedAggregator);
        Assert.Equal("1", result.Gate.MajorityAnswer);
        Assert.Equal("no aggregator stage in this job: the plurality answer 1 stands", result.Gate.Reason);
        Assert.Equal(new ResultSummary(true, false, 0, 0, Now, Now, false, false), ResultBuilder.Summary(result));
    }

    [Fact]
    public void Build_NoAggregatorStageOnATie_HasNoAnswerAndSaysSo()
    {
        var q = Decided(GateSettings.Conservative, gold: "1", ("a", Completed("a", "w1", "#### 1")), ("b", Completed("b", "w1", "#### 2")));

        var result = ResultBuilder.Build(q, AnswerFormat.Gsm8k, Now, hasAggregator: false);

        Assert.Null(result.FinalAnswer);
        Assert.Null(result.Gate.MajorityAnswer);
        Assert.Equal("no aggregator stage in this job: no unique plurality, no answer", result.Gate.Reason);
    }

    [Fact]
    public void Build_NoAggregatorStageButTheGateSkipped_KeepsTheGatesReason()
    {
        var q = Decided(GateSettings.Conservative, gold: "1", ("a", Completed("a", "w1", "#### 1")), ("b", Completed("b", "w1", "#### 1")));

        var result = ResultBuilder.Build(q, AnswerFormat.Gsm8k, Now, hasAggregator: false);

        Assert.Equal(q.Decision!.Decision.Reason, result.Gate.Reason);
        Assert.Equal("1", result.FinalAnswer);
    }

    [Fact]
    public void Build_EarlyDecision_CancelledSlotsAreCancelledAndMissingOnesFailed()
    {
        var gate = new QuestionGate(["a", "b", "c", "d"], GateSettings.Aggressive, earlyDecisions: true);
        var q = new QuestionState(0, new QuestionSpec("q", "text", ["a", "b", "c", "d"], Gold: "4"), gate);
        q.Slots[0] = Completed("a", "w1", "#### 4");
        q.Slots[1] = Completed("b", "w1", "#### 4");
        q.Slots[2] = Completed("c", "w1", "#### 4");
        gate.Record(0, "4");
        gate.Record(1, "4");
        q.Decision = Assert.IsType<GateStep.Decided>(gate.Record(2, "4"));
        Assert.True(q.Decision.Early);
        q.Cancelled[3] = true;

        var result = ResultBuilder.Build(q, AnswerFormat.Gsm8k, Now);

        Assert.True(result.Gate.DecidedEarly);
        Assert.Equal("4", result.FinalAnswer);
        Assert.Equal(new ExpertCallResult("d", "", CallStatus.Cancelled, null, null, 0, 0, 0, false, null), result.ExpertCalls[3]);
        Assert.Equal(1, ResultBuilder.Summary(result).CancelledCalls);

        q.Cancelled[3] = false;
        var lost = ResultBuilder.Build(q, AnswerFormat.Gsm8k, Now);
        Assert.Equal(new ExpertCallResult("d", "", CallStatus.Failed, null, null, 0, 0, 0, false, "no outcome was recorded"), lost.ExpertCalls[3]);
        Assert.Equal((0, 1), (ResultBuilder.Summary(lost).CancelledCalls, ResultBuilder.Summary(lost).FailedCalls));
    }

    [Fact]
    public void Summary_ACancelledRepeat_GoesWithItsLeaderAndIsCountedOnce()
    {
        string[] experts = ["a", "b", "c", "d", "d"];
        var q = new QuestionState(0, new QuestionSpec("q", "text", experts, Gold: "4"), new QuestionGate(experts, GateSettings.Aggressive, earlyDecisions: true));
        for (var slot = 0; slot < 3; slot++)
        {
            q.Slots[slot] = Completed(experts[slot], "w1", "#### 4");
            q.Answers[slot] = "4";
        }

        var decision = ConfidenceGate.Decide(experts.Select((e, i) => new ExpertAnswer(e, q.Answers[i])).ToArray(), GateSettings.Aggressive);
        q.Decision = new GateStep.Decided(decision, Early: true, [3, 4]);
        (q.Cancelled[3], q.Cancelled[4]) = (true, true);
        q.MarkShared(4, 3);

        var result = ResultBuilder.Build(q, AnswerFormat.Gsm8k, Now);

        Assert.Equal((CallStatus.Cancelled, (int?)null), (result.ExpertCalls[3].Status, result.ExpertCalls[3].SharedFromSlot));
        Assert.Equal((CallStatus.Cancelled, (int?)3), (result.ExpertCalls[4].Status, result.ExpertCalls[4].SharedFromSlot));
        Assert.Equal(1, ResultBuilder.Summary(result).CancelledCalls);
    }

    [Fact]
    public void Build_Undecided_ThrowsNamingTheQuestion()
    {
        var q = new QuestionState(0, new QuestionSpec("q7", "text", ["a"]), new QuestionGate(["a"], GateSettings.Conservative, earlyDecisions: false));

        var error = Assert.Throws<InvalidOperationException>(() => ResultBuilder.Build(q, AnswerFormat.Gsm8k, Now));
        Assert.Contains("'q7'", error.Message);
    }

    [Fact]
    public void ExpertAnswer_OnlyACompletedOutputVotes()
    {
        Assert.Equal("12", ResultBuilder.ExpertAnswer(Completed("a", "w", "#### 12"), AnswerFormat.Gsm8k));
        Assert.Null(ResultBuilder.ExpertAnswer(Completed("a", "w", "no number here"), AnswerFormat.Gsm8k));
        Assert.Null(ResultBuilder.ExpertAnswer(Completed("a", "w", "#### 12") with { Status = CallStatus.Failed }, AnswerFormat.Gsm8k));
        Assert.Null(ResultBuilder.ExpertAnswer(Completed("a", "w", "#### 12") with { Output = null }, AnswerFormat.Gsm8k));
    }

    [Fact]
    public void ExpertAnswer_OutputCutAtItsTokenLimit_IsANonVote()
    {
        var whole = Completed("think", "w1", "<think>65 + 5 = 70</think> The answer is 70.");
        var cut = whole with { Output = new InferenceOutput("<think>65 + 5 = 70</think> The answer is 7", 11, 22, 1.5, false, ReachedTokenLimit: true) };

        Assert.Equal("70", ResultBuilder.ExpertAnswer(whole, AnswerFormat.Number));
        Assert.Null(ResultBuilder.ExpertAnswer(cut, AnswerFormat.Number)); // it voted 7 for 70
    }

    private static CallOutcome Completed(string expert, string worker, string text, bool trimmed = false) => new(
        new CallKey("q", 0), expert, worker, 1, CallStatus.Completed, new InferenceOutput(text, 11, 22, 1.5, true, trimmed), null, Start);

    private static CallOutcome Failed(string expert, string worker, string error) =>
        new(new CallKey("q", 0), expert, worker, 1, CallStatus.Failed, null, error, Start);

    /// <summary>A question whose slots all ended with <paramref name="slots"/>, recorded through a real gate.</summary>
    private static QuestionState Decided(GateSettings settings, string? gold, params (string Expert, CallOutcome Outcome)[] slots)
    {
        var experts = slots.Select(s => s.Expert).ToArray();
        var gate = new QuestionGate(experts, settings, earlyDecisions: false);
        var q = new QuestionState(3, new QuestionSpec("q", "text", experts, Gold: gold), gate);
        GateStep step = new GateStep.Waiting();
        for (var i = 0; i < slots.Length; i++)
        {
            q.Slots[i] = slots[i].Outcome;
            q.Answers[i] = ResultBuilder.ExpertAnswer(slots[i].Outcome, AnswerFormat.Gsm8k);
            step = gate.Record(i, q.Answers[i]);
        }

        q.Decision = Assert.IsType<GateStep.Decided>(step);
        return q;
    }
}

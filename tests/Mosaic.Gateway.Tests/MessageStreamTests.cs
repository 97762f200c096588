using Mosaic.Abstractions.Results;
using Mosaic.Aggregation.Gating;
using Mosaic.Gateway.Chat;

namespace Mosaic.Gateway.Tests;

public sealed class MessageStreamTests
{
    [Fact]
    public void Next_ThinkingThenContent_EachDeltaOnce()
    {
        var stream = new MessageStream(null);

        Assert.Equal(("", ""), stream.Next("<thi"));
        Assert.Equal(("Let me", ""), stream.Next("<think>Let me"));
        Assert.Equal((" see.", ""), stream.Next("<think>Let me see.</th"));
        Assert.Equal(("", "It is"), stream.Next("<think>Let me see.</think>\nIt is"));
        Assert.Equal(("", " 42."), stream.Finish("Let me see.", "It is 42."));
    }

    [Fact]
    public void Next_ATraceThePromptOpened_ThinkingUntilItsCloseThenContent()
    {
        // An R1-Distill or QwQ call: its prompt ended with "<think>\n", which heads the call's text and every part of it.
        var stream = new MessageStream(null);

        Assert.Equal(("Let me", ""), stream.Next("<think>\nLet me"));
        Assert.Equal((" see.", ""), stream.Next("<think>\nLet me see.\n</thi"));
        Assert.Equal(("", "It is"), stream.Next("<think>\nLet me see.\n</think>\n\nIt is"));
        var (content, reasoning, _) = CompletionFactory.Message(Answered("<think>\nLet me see.\n</think>\n\nIt is 42."));
        Assert.Equal(("", " 42."), stream.Finish(reasoning, content));
    }

    [Fact]
    public void Next_ATraceThePromptOpenedCutBeforeItsClose_IsAllThinking()
    {
        var stream = new MessageStream(null);

        Assert.Equal(("Let me", ""), stream.Next("<think>\nLet me"));
        var (content, reasoning, finish) = CompletionFactory.Message(Answered("<think>\nLet me compute", reachedTokenLimit: true));
        Assert.Equal(("Let me compute", "", "length"), (reasoning, content, finish));
        Assert.Equal((" compute", ""), stream.Finish(reasoning, content));
    }

    [Fact]
    public void Next_WithoutThinking_ContentOnly()
    {
        var stream = new MessageStream(null);

        Assert.Equal(("", "The answer"), stream.Next("The answer"));
        Assert.Equal(("", " is 7."), stream.Finish(null, "The answer is 7."));
    }

    [Fact]
    public void Next_HoldsWhatMayBeginAStopSequence_AndSendsNothingPastIt()
    {
        var stream = new MessageStream(["STOP"]);

        Assert.Equal(("", "one two "), stream.Next("one two ST"));
        Assert.Equal(("", "STAR "), stream.Next("one two STAR S"));
        Assert.Equal(("", ""), stream.Next("one two STAR STOP and more"));
        Assert.Equal(("", ""), stream.Finish(null, "one two STAR "));
    }

    [Fact]
    public void Next_AStopSequenceInTheThinking_CutsNothing_AndTheContentStopsAtIt()
    {
        var stream = new MessageStream(["\n"]);

        Assert.Equal(("step one", ""), stream.Next("<think>step one\n"));
        Assert.Equal(("\nstep two", "The"), stream.Next("<think>step one\nstep two\n</think>\nThe"));
        Assert.Equal(("", " answer is 7."), stream.Next("<think>step one\nstep two\n</think>\nThe answer is 7.\nMore"));
        Assert.Equal(("", ""), stream.Finish("step one\nstep two", "The answer is 7."));
    }

    [Fact]
    public void Next_ACallWrittenAgainFromItsStart_SendsNothingUntilItPassesWhatWasSent()
    {
        var stream = new MessageStream(null);
        stream.Next("<think>step one, step two</think>The");

        // Its worker died: the call runs again elsewhere and reports its text from the start.
        Assert.Equal(("", ""), stream.Next("<think>step"));
        Assert.Equal(("", ""), stream.Next("<think>step one, step two</think>The"));
        Assert.Equal(("", " answer"), stream.Next("<think>step one, step two</think>The answer"));
    }

    [Fact]
    public void Finish_AMessageThatDoesNotExtendWhatWasSent_IsNull()
    {
        var stream = new MessageStream(null);
        stream.Next("The aggregator began");

        Assert.Null(stream.Finish(null, "An expert's answer"));
    }

    [Fact]
    public void Next_ThinkingThatGrowsAfterContentWasSent_IsHeldAndTheEndSaysSo()
    {
        var stream = new MessageStream(null);
        stream.Next("<think>a</think>b");

        // A second closing tag turns sent content into thinking: nothing more is sent, and the end cannot be reconciled.
        Assert.Equal(("", ""), stream.Next("<think>a</think>b</think>c"));
        Assert.Null(stream.Finish("a</think>b", "c"));
    }

    /// <summary>A question one expert answered with <paramref name="text"/>.</summary>
    private static QuestionResult Answered(string text, bool reachedTokenLimit = false) => new(
        "q", [new ExpertCallResult("r1", "gpu0", CallStatus.Completed, text, null, 16, 40, 0.1, false, ReachedTokenLimit: reachedTokenLimit)],
        new GateSummary(true, null, 0, 2.0 / 3.0, GateRule.VoteFraction, [], "no expert gave an answer", false), null, null, null,
        DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 0);
}

using Mosaic.Abstractions.Results;
using Mosaic.Aggregation.Gating;
using Mosaic.Gateway.Chat;
using Mosaic.Gateway.Hosting;

namespace Mosaic.Gateway.Tests;

public sealed class CompletionFactoryTests
{
    private const string Overflow = "the prompt has 9 tokens and max new tokens is 1000: 1009 exceeds the context length of 512 tokens";

    [Fact]
    public void OverflowedContext_EveryFailureIsTheContext_TheRequestsFault()
    {
        Assert.True(CompletionFactory.OverflowedContext(Result(Failed(Overflow), Failed(Overflow))));
        Assert.True(CompletionFactory.OverflowedContext(Result(Failed(Overflow), Cancelled())));
    }

    [Fact]
    public void OverflowedContext_AnyOtherFailure_TheServers()
    {
        Assert.False(CompletionFactory.OverflowedContext(Result(Failed(Overflow), Failed("CUDA out of memory"))));
        Assert.False(CompletionFactory.OverflowedContext(Result(Cancelled())));
    }

    [Fact]
    public void Failure_NamesEachCallOnce_AndTheCodeIsTheChatEndpoints()
    {
        var overflow = Result(Failed(Overflow), Failed(Overflow) with { SharedFromSlot = 0 });
        var broken = Result(Failed(Overflow), Failed("CUDA out of memory"));

        Assert.Equal($"alpha: failed ({Overflow})", CompletionFactory.Failure(overflow)); // the shared slot ran no call of its own
        Assert.Equal(("context_length_exceeded", "generation_failed"), (CompletionFactory.FailureCode(overflow), CompletionFactory.FailureCode(broken)));
    }

    [Fact]
    public void Message_ThinkingApartAsReasoningContent_StopSequencesCutTheContentOnly()
    {
        var thinking = new ExpertCallResult("think", "gpu0", CallStatus.Completed, "<think>65 + 5\n= 70</think>\nThe answer is 70.\nDone.", "70", 16, 20, 0.1, false);
        var result = Result(thinking) with { FinalAnswer = "70" };

        Assert.Equal(("The answer is 70.\nDone.", "65 + 5\n= 70", "stop"), CompletionFactory.Message(result));
        // The models ran to their end and the gate weighed whole answers: a stop met in the thinking cuts nothing.
        Assert.Equal(("The answer is 70.", "65 + 5\n= 70", "stop"), CompletionFactory.Message(result, ["\n"]));
        Assert.Equal(("The answer is 70.\nDone.", "65 + 5\n= 70", "stop"), CompletionFactory.Message(result, [" ="]));
        Assert.Equal(("The answer", "65 + 5\n= 70", "stop"), CompletionFactory.Message(result, [" is", "Done"]));
        var message = CompletionFactory.Completion("id", "mosaic", result, "job", null).Choices[0].Message;
        Assert.Equal(("The answer is 70.\nDone.", "65 + 5\n= 70"), (message.Content, message.ReasoningContent));
    }

    /// <summary>A message that is all thinking has content null beside its reasoning, as vLLM reports it ("" until 2026-12-06).</summary>
    [Fact]
    public void Completion_AllThinking_ContentNull_AsVllm()
    {
        var cut = new ExpertCallResult("think", "gpu0", CallStatus.Completed, "<think>65 + 5\n= 7", null, 16, 40, 0.1, false, ReachedTokenLimit: true);
        var closedEmpty = cut with { Text = "<think>65 + 5\n= 70</think>\n", ReachedTokenLimit = false };
        var silent = cut with { Text = "", ReachedTokenLimit = false };

        var cutChoice = CompletionFactory.Completion("id", "mosaic", Result(cut), "job", null).Choices[0];
        var closedMessage = CompletionFactory.Completion("id", "mosaic", Result(closedEmpty), "job", null).Choices[0].Message;
        var cutByStop = CompletionFactory.Completion("id", "mosaic", Result(closedEmpty with { Text = "<think>x</think>The answer" }), "job", null, ["The"]).Choices[0].Message;
        var silentMessage = CompletionFactory.Completion("id", "mosaic", Result(silent), "job", null).Choices[0].Message;

        Assert.Equal((null, "65 + 5\n= 7", "length"), (cutChoice.Message.Content, cutChoice.Message.ReasoningContent, cutChoice.FinishReason));
        Assert.Equal((null, "65 + 5\n= 70"), (closedMessage.Content, closedMessage.ReasoningContent));
        Assert.Equal((null, "x"), (cutByStop.Content, cutByStop.ReasoningContent));
        Assert.Equal(("", null), (silentMessage.Content, silentMessage.ReasoningContent)); // no thinking: OpenAI's empty text
        Assert.Contains("\"message\":{\"role\":\"assistant\",\"content\":null,\"reasoning_content\":\"65 + 5\\n= 7\"", GatewayJson.Line(CompletionFactory.Completion("id", "mosaic", Result(cut), "job", null)), StringComparison.Ordinal);
    }

    [Fact]
    public void Extension_MarksACallCutAtItsTokenLimit()
    {
        var cut = new ExpertCallResult("think", "gpu0", CallStatus.Completed, "<think>65 + 5", null, 16, 40, 0.1, false, ReachedTokenLimit: true);
        var whole = new ExpertCallResult("quick", "gpu1", CallStatus.Completed, "The answer is 70.", "70", 16, 6, 0.1, false);

        var calls = CompletionFactory.Extension(Result(cut, whole), "job", null).Experts;

        Assert.Equal([true, null], calls.Select(c => c.ReachedTokenLimit));
    }

    private static ExpertCallResult Failed(string error) => new("alpha", "gpu0", CallStatus.Failed, null, null, 0, 0, 0, false, error);

    private static ExpertCallResult Cancelled() => new("beta", "gpu0", CallStatus.Cancelled, null, null, 0, 0, 0, false);

    private static QuestionResult Result(params ExpertCallResult[] calls) => new(
        "q", calls, new GateSummary(true, null, 0, 2.0 / 3.0, GateRule.VoteFraction, [], "no expert gave an output", false), null, null, null,
        DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 0);
}

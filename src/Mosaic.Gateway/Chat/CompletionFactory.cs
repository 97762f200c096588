using Mosaic.Abstractions.Results;
using Mosaic.Aggregation.Extraction;
using Mosaic.Gateway.Api;

namespace Mosaic.Gateway.Chat;

/// <summary>
/// Turns an answered question into OpenAI's completion. The message is the aggregator's text when the aggregator
/// answered; otherwise the text of the first expert whose extracted answer is the final answer (the gate skipped the
/// aggregator, or the job has none); otherwise the first expert text, or the bare final answer.
/// </summary>
internal static class CompletionFactory
{
    /// <summary>
    /// The completion; a message that is all thinking (a trace cut at the token limit, or closed with nothing after
    /// it) has <c>content</c> null beside its <c>reasoning_content</c>, as vLLM's reasoning parsers report it, not "".
    /// </summary>
    public static ChatCompletion Completion(string id, string model, QuestionResult result, string jobId, string? skill, IReadOnlyList<string>? stop = null)
    {
        var (content, reasoning, finish) = Message(result, stop);
        var message = new ChatMessage("assistant", reasoning is not null && content.Length == 0 ? null : content, reasoning);
        return new ChatCompletion(id, result.CompletedAt.ToUnixTimeSeconds(), model, [new ChatChoice(0, message, finish)], Usage(result), Extension(result, jobId, skill));
    }

    /// <summary>
    /// The message, its thinking apart (<see cref="ReasoningTrace.Split"/>; null without a trace), its content ended
    /// before the first of the request's <paramref name="stop"/> sequences, and its finish reason: "length" when the call
    /// whose text it is stopped at its max new tokens before any stop sequence, as OpenAI reports a cut-off message; else
    /// "stop". The stop sequences cut the content only: the models ran to their own end (the gate weighed their whole
    /// answers), so a sequence met in the thinking (<c>"\n"</c>, say) would leave an empty message beside a final answer.
    /// </summary>
    public static (string Content, string? Reasoning, string FinishReason) Message(QuestionResult result, IReadOnlyList<string>? stop = null)
    {
        var call = MessageCall(result);
        var (reasoning, whole) = ReasoningTrace.Split(call?.Text ?? result.FinalAnswer ?? "");
        var (content, stopped) = ChatParameters.CutAtStop(whole, stop);
        return (content, reasoning, call is { ReachedTokenLimit: true } && !stopped ? "length" : "stop");
    }

    /// <summary>The call whose text is the message (see the class summary); null when the message is the bare final answer.</summary>
    private static ExpertCallResult? MessageCall(QuestionResult result)
    {
        if (result.AggregatorCall is { Status: CallStatus.Completed, Text: not null } aggregator)
        {
            return aggregator;
        }

        var completed = result.ExpertCalls.Where(c => c is { Status: CallStatus.Completed, Text: not null }).ToArray();
        return completed.FirstOrDefault(c => result.FinalAnswer is not null && c.Answer == result.FinalAnswer) ?? completed.FirstOrDefault();
    }

    public static ChatUsage Usage(QuestionResult result)
    {
        var calls = result.ExpertCalls.Append(result.AggregatorCall).OfType<ExpertCallResult>().Where(c => c.SharedFromSlot is null).ToArray(); // a shared call is counted once
        var (prompt, completion) = (calls.Sum(c => c.InputTokens), calls.Sum(c => c.OutputTokens));
        return new ChatUsage(prompt, completion, prompt + completion);
    }

    /// <summary>True when at least one model answered, so the result can stand as a completion.</summary>
    public static bool HasAnswer(QuestionResult result) =>
        result.ExpertCalls.Append(result.AggregatorCall).Any(c => c is { Status: CallStatus.Completed });

    /// <summary>
    /// Whether every call that ran failed because prompt plus max new tokens did not fit its model (the engine's words
    /// for it): the request's fault, not the server's.
    /// </summary>
    public static bool OverflowedContext(QuestionResult result) =>
        result.ExpertCalls.Append(result.AggregatorCall).OfType<ExpertCallResult>().Where(c => c.Status == CallStatus.Failed).ToArray() is { Length: > 0 } failed
        && failed.All(c => c.Error is { } error && (error.Contains("exceeds the context length", StringComparison.Ordinal) || error.Contains("exceed the KV budget", StringComparison.Ordinal)));

    /// <summary>Why no model answered: the calls' errors, in one line (a call that answered several slots once).</summary>
    public static string Failure(QuestionResult result) =>
        string.Join("; ", result.ExpertCalls.Where(c => c.SharedFromSlot is null).Append(result.AggregatorCall).OfType<ExpertCallResult>()
            .Select(c => $"{c.Expert}: {c.Status.ToString().ToLowerInvariant()}{(c.Error is null ? "" : $" ({c.Error})")}"));

    /// <summary>The batch error code of a question no model answered: the one the same request gets from the chat endpoint.</summary>
    public static string FailureCode(QuestionResult result) => OverflowedContext(result) ? "context_length_exceeded" : "generation_failed";

    public static MosaicExtension Extension(QuestionResult result, string jobId, string? skill) => new(
        jobId,
        skill,
        result.ExpertCalls.Select(Call).ToArray(),
        result.Gate.Votes.Select(v => new MosaicVote(v.Answer, v.Votes)).ToArray(),
        new MosaicGate(result.Gate.SkippedAggregator, result.Gate.MajorityAnswer, result.Gate.Confidence, result.Gate.Threshold, result.Gate.Rule,
            result.Gate.DecidedEarly, result.Gate.Reason),
        result.AggregatorCall is { } aggregator ? Call(aggregator) with { PromptTrimmed = aggregator.PromptTrimmed } : null,
        result.FinalAnswer,
        result.ExpertCalls.Append(result.AggregatorCall).Any(c => c is { Emulated: true }),
        result.Gold,
        result.Correct);

    private static MosaicCall Call(ExpertCallResult call) => new(
        call.Expert, call.Worker, call.Status, call.Answer, call.Text, call.InputTokens, call.OutputTokens, Math.Round(call.Seconds, 6), call.Emulated, call.Error, call.SharedFromSlot,
        ReachedTokenLimit: call.ReachedTokenLimit ? true : null);
}

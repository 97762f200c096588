using Mosaic.Abstractions.Results;
using Mosaic.Aggregation.Extraction;
using Mosaic.Aggregation.Gating;
using Mosaic.Aggregation.Prompting;
using Mosaic.Grains.Devices;
using Mosaic.Storage.Jobs;

namespace Mosaic.Grains.Aggregation;

/// <summary>Turns a decided question's state into its result record and the summary its job totals are summed from.</summary>
internal static class ResultBuilder
{
    /// <summary>
    /// The record of a decided question. Without an aggregator stage (<paramref name="hasAggregator"/> false) every
    /// question is recorded when its experts are done: the final answer is the unique plurality, as when the aggregator
    /// fails, and the gate summary says no aggregator was called.
    /// </summary>
    public static QuestionResult Build(QuestionState q, AnswerFormat format, DateTimeOffset now, bool hasAggregator = true)
    {
        var decided = q.Decision ?? throw new InvalidOperationException($"question '{q.Question.Id}' is not decided");
        var decision = decided.Decision;
        var experts = q.Slots.Select((outcome, slot) => Call(q.Question.Experts[slot], outcome, q.Answers[slot], q.Cancelled[slot]) is var call
            && q.SharedFrom?[slot] is { } leader ? call with { SharedFromSlot = leader } : call).ToArray();
        var aggregator = q.Aggregator is { } agg ? Call(agg.Expert, agg, AggregatorAnswer(agg, format), cancelled: false) : null;
        var plurality = decision.Votes.Length > 0 && (decision.Votes.Length == 1 || decision.Votes[0].Votes > decision.Votes[1].Votes)
            ? decision.Votes[0].Answer
            : null;
        var final = decision.SkipsAggregator
            ? decision.Answer
            : aggregator?.Answer ?? (aggregator is not null || !hasAggregator ? plurality : null); // a failed aggregator, or none: the unique plurality
        var withoutCandidates = hasAggregator && !decision.SkipsAggregator && q.Aggregator is null && !HasCandidates(q);
        var skipped = decision.SkipsAggregator || !hasAggregator || withoutCandidates;
        var reason = withoutCandidates
            ? "no expert gave an output (every call failed or was cancelled): the aggregator is not called without candidates; no answer"
            : decision.SkipsAggregator || hasAggregator
            ? decision.Reason
            : $"no aggregator stage in this job: {(plurality is null ? "no unique plurality, no answer" : $"the plurality answer {plurality} stands")}";
        var gate = new GateSummary(
            skipped, decision.Answer ?? (hasAggregator ? null : plurality), decision.Confidence, decision.Settings.Threshold, decision.Settings.Rule,
            decision.Votes.Select(v => new AnswerVote(v.Answer, v.Votes)).ToArray(), reason, decided.Early);
        return new QuestionResult(q.Question.Id, experts, gate, aggregator, final, q.Question.Gold, now, q.ExpertsDoneAt ?? now, q.Index);
    }

    /// <summary>The confidence gate answered the question, so the aggregator stage it has was not needed.</summary>
    public static bool SkippedByGate(QuestionState q, bool hasAggregator) =>
        hasAggregator && q.Decision is { Decision: { SkipsAggregator: true, Answer: not null } };

    /// <summary>Whether any slot has an output for the aggregator to weigh (an answer need not have been extracted from it).</summary>
    public static bool HasCandidates(QuestionState q) => q.Slots.Any(o => o is { Status: CallStatus.Completed, Output: not null });

    public static ResultSummary Summary(QuestionResult result) => new(
        result.Correct,
        result.AggregatorCall is not null,
        result.ExpertCalls.Count(c => c is { Status: CallStatus.Cancelled, SharedFromSlot: null }), // a shared call is cancelled once
        result.ExpertCalls.Append(result.AggregatorCall).Count(c => c?.Status == CallStatus.Failed),
        result.ExpertsDoneAt,
        result.CompletedAt,
        result.AggregatorCall?.PromptTrimmed == true,
        result.FinalAnswer is null);

    /// <summary>
    /// The canonical answer of an expert's output; null for a failed call, an output cut at its token limit or a failed
    /// extraction (a non-vote, <see cref="ExpertVote"/>).
    /// </summary>
    public static string? ExpertAnswer(CallOutcome outcome, AnswerFormat format) =>
        outcome is { Status: CallStatus.Completed, Output: { } output } ? ExpertVote.Of(output.Text, output.ReachedTokenLimit, format) : null;

    private static string? AggregatorAnswer(CallOutcome outcome, AnswerFormat format) =>
        outcome is { Status: CallStatus.Completed, Output: { } output } ? AggregatorAnswerParser.Parse(output.Text, format).Answer : null;

    private static ExpertCallResult Call(string expert, CallOutcome? outcome, string? answer, bool cancelled) => outcome switch
    {
        { Output: { } o } => new ExpertCallResult(
            expert, outcome.Worker, outcome.Status, o.Text, answer, o.InputTokens, o.OutputTokens, o.Seconds, o.Emulated, outcome.Error, o.PromptTrimmed, ReachedTokenLimit: o.ReachedTokenLimit),
        not null => new ExpertCallResult(expert, outcome.Worker, outcome.Status, null, null, 0, 0, 0, false, outcome.Error),
        null => new ExpertCallResult(expert, "", cancelled ? CallStatus.Cancelled : CallStatus.Failed, null, null, 0, 0, 0, false,
            cancelled ? null : "no outcome was recorded"),
    };
}

namespace Mosaic.Storage.Jobs;

/// <summary>
/// The countable part of a question's outcome, stored in columns next to the opaque payload.
/// <paramref name="Correct"/> is <see langword="null"/> when the question has no gold answer; <paramref name="Unanswered"/>
/// when it got no final answer (every expert call failed, e.g. over its context).
/// </summary>
public sealed record ResultSummary(
    bool? Correct,
    bool AggregatorCalled,
    int CancelledCalls,
    int FailedCalls,
    DateTimeOffset ExpertsDoneAt,
    DateTimeOffset CompletedAt,
    bool PromptTrimmed,
    bool Unanswered);

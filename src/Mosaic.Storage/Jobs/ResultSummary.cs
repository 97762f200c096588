namespace Mosaic.Storage.Jobs;

/// <summary>The figures of one result that a job's totals are summed from, stored beside its payload.</summary>
public sealed record ResultSummary(
    bool? Correct,
    bool AggregatorCalled,
    int CancelledCalls,
    int FailedCalls,
    DateTimeOffset ExpertsDoneAt,
    DateTimeOffset CompletedAt,
    bool PromptTrimmed);

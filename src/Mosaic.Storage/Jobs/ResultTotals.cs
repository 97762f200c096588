namespace Mosaic.Storage.Jobs;

/// <summary>Sums over a job's stored results.</summary>
public sealed record ResultTotals(
    int Answered,
    int Correct,
    int WithGold,
    int AggregatorCalls,
    int CancelledCalls,
    int FailedCalls,
    int TrimmedPrompts,
    DateTimeOffset? LastExpertsDoneAt,
    DateTimeOffset? LastCompletedAt);

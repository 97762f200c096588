namespace Mosaic.Storage.Jobs;

/// <summary>Totals over a job's stored results. <paramref name="Answered"/> counts every stored result, of which
/// <paramref name="Unanswered"/> got no final answer; <paramref name="WithGold"/> counts results whose correctness is
/// known; the timestamps are the latest ones seen (<see langword="null"/> before the first result).</summary>
public sealed record ResultTotals(
    int Answered,
    int Correct,
    int WithGold,
    int AggregatorCalls,
    int CancelledCalls,
    int FailedCalls,
    int TrimmedPrompts,
    DateTimeOffset? LastExpertsDoneAt,
    DateTimeOffset? LastCompletedAt,
    int Unanswered)
{
    /// <summary>The totals of a job without results.</summary>
    public static ResultTotals Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, null, null, 0);

    /// <summary>The totals after adding one newly stored result.</summary>
    public ResultTotals Add(ResultSummary summary) => new(
        Answered + 1,
        Correct + (summary.Correct == true ? 1 : 0),
        WithGold + (summary.Correct.HasValue ? 1 : 0),
        AggregatorCalls + (summary.AggregatorCalled ? 1 : 0),
        CancelledCalls + summary.CancelledCalls,
        FailedCalls + summary.FailedCalls,
        TrimmedPrompts + (summary.PromptTrimmed ? 1 : 0),
        Later(LastExpertsDoneAt, summary.ExpertsDoneAt),
        Later(LastCompletedAt, summary.CompletedAt),
        Unanswered + (summary.Unanswered ? 1 : 0));

    private static DateTimeOffset Later(DateTimeOffset? current, DateTimeOffset candidate) =>
        current is { } value && value >= candidate ? value : candidate;
}

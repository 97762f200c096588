using Mosaic.Storage.Jobs;

namespace Mosaic.Grains.Jobs;

/// <summary>
/// A job's running totals, kept by its aggregation grain and copied into the job's state. <see cref="Answered"/> counts
/// every decided question, <see cref="Unanswered"/> those of them without a final answer (0 in state written before it
/// was counted).
/// </summary>
[GenerateSerializer, Immutable, Alias("mosaic.job-counters")]
internal sealed record JobCounters(
    [property: Id(0)] int Answered,
    [property: Id(1)] int AggregatorCalls,
    [property: Id(2)] int CancelledCalls,
    [property: Id(3)] int FailedCalls,
    [property: Id(4)] int Correct,
    [property: Id(5)] int WithGold,
    [property: Id(6)] int TrimmedPrompts,
    [property: Id(7)] DateTimeOffset? LastExpertsDoneAt,
    [property: Id(8)] DateTimeOffset? LastCompletedAt,
    [property: Id(9)] int Unanswered = 0)
{
    public static JobCounters Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, null, null);

    /// <summary>The counters of a job whose stored results add up to <paramref name="totals"/>.</summary>
    public static JobCounters From(ResultTotals totals) => new(
        totals.Answered, totals.AggregatorCalls, totals.CancelledCalls, totals.FailedCalls, totals.Correct, totals.WithGold,
        totals.TrimmedPrompts, totals.LastExpertsDoneAt, totals.LastCompletedAt, totals.Unanswered);
}

namespace Mosaic.Abstractions.Jobs;

/// <summary>
/// A progress event of a running job, streamed to watchers at least every few seconds. A streaming job's events carry
/// what its calls' texts gained since the watch's last event (<see cref="Texts"/>; null when none did).
/// </summary>
[GenerateSerializer, Immutable, Alias("mosaic.job-progress")]
public sealed record JobProgress(
    [property: Id(0)] string JobId,
    [property: Id(1)] JobStatus Status,
    [property: Id(2)] int QuestionsAnswered,
    [property: Id(3)] int QuestionsTotal,
    [property: Id(4)] int AggregatorCalls,
    [property: Id(5)] int CancelledExpertCalls,
    [property: Id(6)] string Message,
    [property: Id(7)] DateTimeOffset At,
    [property: Id(8)] IReadOnlyList<CallText>? Texts = null)
{
    /// <summary>The message of an event: the job's error when it has one, else its status in lower case.</summary>
    public static string MessageOf(JobStatus status, string? error) => error ?? status.ToString().ToLowerInvariant();
}

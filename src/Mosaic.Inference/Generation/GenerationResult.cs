namespace Mosaic.Inference.Generation;

/// <summary>
/// A completed request with its accounting: prompt tokens, generated tokens (including a final EOS), time spent
/// waiting for a slot, total wall time from submission to completion, and the time from submission to the first
/// sampled token (null when none was sampled: cancelled while waiting or prefilling).
/// </summary>
public sealed record GenerationResult(
    string? Id,
    string Text,
    IReadOnlyList<int> TokenIds,
    int InputTokens,
    int OutputTokens,
    FinishReason FinishReason,
    TimeSpan QueueTime,
    TimeSpan Elapsed,
    TimeSpan? TimeToFirstToken);

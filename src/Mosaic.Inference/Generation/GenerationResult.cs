namespace Mosaic.Inference.Generation;

/// <summary>
/// A completed request with its accounting: prompt tokens, generated tokens (including a final EOS), time spent
/// waiting for a slot and total wall time from submission to completion.
/// </summary>
public sealed record GenerationResult(
    string? Id,
    string Text,
    IReadOnlyList<int> TokenIds,
    int InputTokens,
    int OutputTokens,
    FinishReason FinishReason,
    TimeSpan QueueTime,
    TimeSpan Elapsed);

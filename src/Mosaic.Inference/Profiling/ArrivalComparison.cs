using System.Text.Json.Serialization;

namespace Mosaic.Inference.Profiling;

/// <summary>
/// Continuous batching under staggered arrivals: the same requests submitted to one engine all at once, and one
/// every <see cref="IntervalMs"/> milliseconds. Tokens/s = generated tokens over the wall time from the first
/// submission to the last completion; <see cref="StaggeredMeanBatch"/> is generated tokens per forward pass.
/// </summary>
public sealed record ArrivalComparison(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("batch")] int Batch,
    [property: JsonPropertyName("requests")] int Requests,
    [property: JsonPropertyName("new_tokens")] int NewTokens,
    [property: JsonPropertyName("interval_ms")] double IntervalMs,
    [property: JsonPropertyName("all_at_once_tokens_per_s")] double AllAtOnceTokensPerSecond,
    [property: JsonPropertyName("staggered_tokens_per_s")] double StaggeredTokensPerSecond,
    [property: JsonPropertyName("staggered_over_all_at_once")] double StaggeredOverAllAtOnce,
    [property: JsonPropertyName("all_at_once_forward_passes")] long AllAtOnceForwardPasses,
    [property: JsonPropertyName("staggered_forward_passes")] long StaggeredForwardPasses);

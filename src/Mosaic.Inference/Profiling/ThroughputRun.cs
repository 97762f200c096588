using System.Text.Json.Serialization;

namespace Mosaic.Inference.Profiling;

/// <summary>Generated tokens per second of one model at one batch size and thread count.</summary>
public sealed record ThroughputRun(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("params")] long Parameters,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("batch")] int Batch,
    [property: JsonPropertyName("tokens_per_s")] double TokensPerSecond);

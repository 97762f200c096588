using System.Text.Json.Serialization;

namespace Mosaic.Cli.Benchmarks;

/// <summary>One phase: the priority the questions were asked at, each one's latency (seconds, in order), and the batch's wall time.</summary>
internal sealed record InteractivePhase(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("asked_as")] string AskedAs,
    [property: JsonPropertyName("latency_seconds")] IReadOnlyList<double> LatencySeconds,
    [property: JsonPropertyName("median_seconds")] double MedianSeconds,
    [property: JsonPropertyName("max_seconds")] double MaxSeconds,
    [property: JsonPropertyName("batch_wall_seconds")] double BatchWallSeconds,
    [property: JsonPropertyName("batch_completed")] bool BatchCompleted);

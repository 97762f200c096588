using System.Text.Json.Serialization;

namespace Mosaic.Cli.Benchmarks;

/// <summary>The JSON document <c>mosaic bench scheduling --json</c> prints.</summary>
internal sealed record SchedulingBenchmarkReport(
    [property: JsonPropertyName("paper")] IReadOnlyList<PaperRow> Paper,
    [property: JsonPropertyName("scaling_time_limit_ms")] double ScalingTimeLimitMilliseconds,
    [property: JsonPropertyName("scaling")] IReadOnlyList<ScalingRow> Scaling);

using System.Text.Json.Serialization;

namespace Mosaic.Inference.Profiling;

/// <summary>The result of <see cref="InferenceBenchmark"/>: every run, peak RSS, the batch-64/batch-1 ratio at 1 thread and staggered versus all-at-once arrivals.</summary>
public sealed record ThroughputReport(
    [property: JsonPropertyName("runs")] IReadOnlyList<ThroughputRun> Runs,
    [property: JsonPropertyName("peak_rss_mb")] double PeakRssMb,
    [property: JsonPropertyName("batch64_over_batch1")] IReadOnlyDictionary<string, double> Batch64OverBatch1,
    [property: JsonPropertyName("continuous_batching")] ArrivalComparison ContinuousBatching);

using System.Text.Json.Serialization;

namespace Mosaic.Benchmarks;

/// <summary>The same configuration and seed in the pure pipeline simulator (same model, no grains), and how far the
/// grains' end to end is from it.</summary>
internal sealed record SimulatedRow(
    [property: JsonPropertyName("expert_stage_s")] double ExpertStageSeconds,
    [property: JsonPropertyName("aggregator_stage_s")] double AggregatorStageSeconds,
    [property: JsonPropertyName("end_to_end_s")] double EndToEndSeconds,
    [property: JsonPropertyName("skipped_fraction")] double SkippedFraction,
    [property: JsonPropertyName("speedup_over_baseline")] double SpeedupOverBaseline,
    [property: JsonPropertyName("speedup_over_mosaic_as_published")] double SpeedupOverMosaicAsPublished,
    [property: JsonPropertyName("grains_end_to_end_deviation")] double GrainsEndToEndDeviation);

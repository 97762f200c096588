using System.Text.Json.Serialization;

namespace Mosaic.Cli.Benchmarks;

/// <summary>One synthetic instance size in the scheduling benchmark's scaling table.</summary>
internal sealed record ScalingRow(
    [property: JsonPropertyName("experts")] int Experts,
    [property: JsonPropertyName("workers")] int Workers,
    [property: JsonPropertyName("k")] int MaxModelsPerWorker,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("mosaic_s")] double MosaicSeconds,
    [property: JsonPropertyName("lpt_s")] double LptSeconds,
    [property: JsonPropertyName("lower_bound_s")] double LowerBoundSeconds,
    [property: JsonPropertyName("gap_to_lb")] double GapToLowerBound,
    [property: JsonPropertyName("ilp_over_lpt")] double IlpOverLpt,
    [property: JsonPropertyName("solve_ms")] double SolveMilliseconds);

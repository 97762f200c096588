using System.Text.Json.Serialization;

namespace Mosaic.Cli.Benchmarks;

/// <summary>
/// One synthetic instance size in the scheduling benchmark's scaling table. <c>lower_bound_s</c> is the K-aware bound
/// (<c>classic_lower_bound_s</c> the bound without its configuration term); <c>proven_bound_s</c> is the bound the
/// planner returned with its plan within its time limit.
/// </summary>
internal sealed record ScalingRow(
    [property: JsonPropertyName("experts")] int Experts,
    [property: JsonPropertyName("workers")] int Workers,
    [property: JsonPropertyName("k")] int MaxModelsPerWorker,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("mosaic_s")] double MosaicSeconds,
    [property: JsonPropertyName("lpt_s")] double LptSeconds,
    [property: JsonPropertyName("lower_bound_s")] double LowerBoundSeconds,
    [property: JsonPropertyName("classic_lower_bound_s")] double ClassicLowerBoundSeconds,
    [property: JsonPropertyName("gap_to_lb")] double GapToLowerBound,
    [property: JsonPropertyName("ilp_over_lpt")] double IlpOverLpt,
    [property: JsonPropertyName("solve_ms")] double SolveMilliseconds,
    [property: JsonPropertyName("proven_bound_s")] double? ProvenBoundSeconds);

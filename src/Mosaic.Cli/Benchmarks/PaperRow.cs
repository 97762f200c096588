using System.Text.Json.Serialization;

namespace Mosaic.Cli.Benchmarks;

/// <summary>One paper instance in the scheduling benchmark: every scheduler's predicted and simulated makespan.</summary>
internal sealed record PaperRow(
    [property: JsonPropertyName("instance")] string Instance,
    [property: JsonPropertyName("lower_bound_s")] double LowerBoundSeconds,
    [property: JsonPropertyName("round_robin_s")] double RoundRobinSeconds,
    [property: JsonPropertyName("data_parallel_s")] double DataParallelSeconds,
    [property: JsonPropertyName("lpt_s")] double LptSeconds,
    [property: JsonPropertyName("mosaic_s")] double MosaicSeconds,
    [property: JsonPropertyName("mosaic_status")] string MosaicStatus,
    [property: JsonPropertyName("mosaic_gap_to_lb")] double MosaicGapToLowerBound,
    [property: JsonPropertyName("speedup_vs_round_robin")] double Speedup,
    [property: JsonPropertyName("paper_speedup")] double PaperSpeedup,
    [property: JsonPropertyName("ceiling_rr_over_lb")] double Ceiling,
    [property: JsonPropertyName("solve_ms_median")] double SolveMillisecondsMedian,
    [property: JsonPropertyName("simulated_speedup_on_trace")] double SimulatedSpeedup);

using System.Text.Json.Serialization;

namespace Mosaic.Benchmarks;

/// <summary>
/// One configuration through the grains, in emulated seconds (wall time divided by the time scale). For the baseline and
/// MOSAIC as published: the paper's figure per stage (<see cref="Paper"/>, with the top of a published range in
/// <see cref="PaperHigh"/>), the deviation (relative; absolute for the skipped fraction) and the acceptance tolerance.
/// Speedups are end to end, over the emulated baseline, over the emulated MOSAIC as published (τ = 2/3) and over the
/// emulated MOSAIC with the same gate threshold (<see cref="SpeedupOverMosaicSameGate"/>: a τ = 1 row against MOSAIC at
/// τ = 1, like for like; absent without a gate).
/// </summary>
internal sealed record EndToEndRow(
    [property: JsonPropertyName("config")] string Config,
    [property: JsonPropertyName("scheduler")] string Scheduler,
    [property: JsonPropertyName("gate")] string Gate,
    [property: JsonPropertyName("early_decisions")] bool EarlyDecisions,
    [property: JsonPropertyName("overlap_stages")] bool OverlapStages,
    [property: JsonPropertyName("aggregator_engine")] string AggregatorEngine,
    [property: JsonPropertyName("expert_stage_s")] double ExpertStageSeconds,
    [property: JsonPropertyName("aggregator_stage_s")] double AggregatorStageSeconds,
    [property: JsonPropertyName("end_to_end_s")] double EndToEndSeconds,
    [property: JsonPropertyName("speedup_over_baseline")] double SpeedupOverBaseline,
    [property: JsonPropertyName("speedup_over_mosaic_as_published")] double SpeedupOverMosaicAsPublished,
    [property: JsonPropertyName("speedup_over_mosaic_same_gate")] double? SpeedupOverMosaicSameGate,
    [property: JsonPropertyName("aggregator_calls")] int AggregatorCalls,
    [property: JsonPropertyName("skipped_fraction")] double SkippedFraction,
    [property: JsonPropertyName("cancelled_expert_calls")] int CancelledExpertCalls,
    [property: JsonPropertyName("accuracy_emulated")] double AccuracyEmulated,
    [property: JsonPropertyName("all_answered")] bool AllAnswered,
    [property: JsonPropertyName("wall_s")] double WallSeconds,
    [property: JsonPropertyName("simulator")] SimulatedRow Simulator,
    [property: JsonPropertyName("paper")] IReadOnlyDictionary<string, double>? Paper,
    [property: JsonPropertyName("paper_high")] IReadOnlyDictionary<string, double>? PaperHigh,
    [property: JsonPropertyName("deviation")] IReadOnlyDictionary<string, double>? Deviation,
    [property: JsonPropertyName("tolerance")] IReadOnlyDictionary<string, double>? Tolerance,
    [property: JsonPropertyName("within_tolerance")] bool WithinTolerance,
    [property: JsonPropertyName("timelines"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RowTimelines? Timelines = null);

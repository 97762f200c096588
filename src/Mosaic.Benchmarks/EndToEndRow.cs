using System.Text.Json.Serialization;

namespace Mosaic.Benchmarks;

/// <summary>One configuration of the end-to-end benchmark, in emulated seconds (wall time divided by the time scale).</summary>
internal sealed record EndToEndRow(
    [property: JsonPropertyName("config")] string Config,
    [property: JsonPropertyName("scheduler")] string Scheduler,
    [property: JsonPropertyName("gate")] string Gate,
    [property: JsonPropertyName("early_decisions")] bool EarlyDecisions,
    [property: JsonPropertyName("overlap_stages")] bool OverlapStages,
    [property: JsonPropertyName("expert_stage_s")] double ExpertStageSeconds,
    [property: JsonPropertyName("aggregator_stage_s")] double AggregatorStageSeconds,
    [property: JsonPropertyName("end_to_end_s")] double EndToEndSeconds,
    [property: JsonPropertyName("expert_speedup")] double ExpertSpeedup,
    [property: JsonPropertyName("aggregator_speedup")] double AggregatorSpeedup,
    [property: JsonPropertyName("end_to_end_speedup")] double EndToEndSpeedup,
    [property: JsonPropertyName("aggregator_calls")] int AggregatorCalls,
    [property: JsonPropertyName("skipped_fraction")] double SkippedFraction,
    [property: JsonPropertyName("cancelled_expert_calls")] int CancelledExpertCalls,
    [property: JsonPropertyName("accuracy_emulated")] double AccuracyEmulated,
    [property: JsonPropertyName("all_answered")] bool AllAnswered);

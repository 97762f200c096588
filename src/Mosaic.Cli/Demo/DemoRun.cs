using System.Text.Json.Serialization;

namespace Mosaic.Cli.Demo;

/// <summary>
/// One run of the demo as the contract of <c>mosaic demo --json</c> gives it (seconds are wall seconds measured here).
/// <see cref="EngineSpeedVsProfile"/> is <see cref="Hosting.ZooSpeedCheck"/> measured just before the run (1: the
/// engines as fast as when the zoo was profiled; null without profiles); the last ratio divides the realized-over-predicted
/// one by it. With several rounds every field is the round with the median end to end (the lower middle one for an
/// even count), and the two <c>_by_round</c> lists give every round in the order they ran. <see cref="SharedExpertCalls"/>
/// counts the slots that ran no call of their own: a slot of the same question and expert answered them. The predicted
/// expert stage is the plan's makespan less what the early decisions are expected to cancel
/// (<see cref="Abstractions.Results.JobReport.ForecastExpertStageSeconds"/>); the plan's own makespan is beside it.
/// </summary>
internal sealed record DemoRun(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("scheduler")] string Scheduler,
    [property: JsonPropertyName("gate")] string Gate,
    [property: JsonPropertyName("accuracy")] double Accuracy,
    [property: JsonPropertyName("expert_stage_s")] double ExpertStageSeconds,
    [property: JsonPropertyName("aggregator_stage_s")] double AggregatorStageSeconds,
    [property: JsonPropertyName("end_to_end_s")] double EndToEndSeconds,
    [property: JsonPropertyName("predicted_expert_stage_s")] double PredictedExpertStageSeconds,
    [property: JsonPropertyName("planned_makespan_s")] double PlannedMakespanSeconds,
    [property: JsonPropertyName("forecast_cancelled_expert_calls")] double ForecastCancelledExpertCalls,
    [property: JsonPropertyName("aggregator_calls")] int AggregatorCalls,
    [property: JsonPropertyName("skipped_fraction")] double SkippedFraction,
    [property: JsonPropertyName("cancelled_expert_calls")] int CancelledExpertCalls,
    [property: JsonPropertyName("timeline_png")] string TimelinePng,
    [property: JsonPropertyName("overlap_stages")] bool OverlapStages,
    [property: JsonPropertyName("plan_s")] double PlanSeconds,
    [property: JsonPropertyName("speedup_end_to_end")] double EndToEndSpeedup,
    [property: JsonPropertyName("realized_over_predicted")] double RealizedOverPredicted,
    [property: JsonPropertyName("engine_speed_vs_profile")] double? EngineSpeedVsProfile,
    [property: JsonPropertyName("realized_over_predicted_at_measured_speed")] double? RealizedOverPredictedAtMeasuredSpeed,
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("end_to_end_s_by_round")] IReadOnlyList<double> EndToEndSecondsByRound,
    [property: JsonPropertyName("realized_over_predicted_by_round")] IReadOnlyList<double> RealizedOverPredictedByRound,
    [property: JsonPropertyName("share_repeated_calls")] bool ShareRepeatedCalls,
    [property: JsonPropertyName("shared_expert_calls")] int SharedExpertCalls);

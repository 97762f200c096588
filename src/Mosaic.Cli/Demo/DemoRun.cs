using System.Text.Json.Serialization;

namespace Mosaic.Cli.Demo;

/// <summary>
/// One run of the demo as the contract of <c>mosaic demo --json</c> gives it (seconds are wall seconds measured here).
/// With several rounds every field is the round with the median end to end (the lower middle one for an even count),
/// and the two <c>_by_round</c> lists give every round in the order they ran. <see cref="SharedExpertCalls"/> counts
/// the slots that ran no call of their own: a slot of the same question and expert answered them. The predicted expert
/// stage is the plan's makespan less what the early decisions are expected to cancel
/// (<see cref="Abstractions.Results.JobReport.ForecastExpertStageSeconds"/>); the plan's own makespan is beside it.
/// The plan prices each expert at the speed the cluster's earlier jobs ran at (<see cref="SpeedFactors"/>: 0.8 means 80%
/// of its profiled time), and the prediction adds the slowest worker's expected delay at the spread the workers' speeds
/// showed in those jobs (<see cref="ForecastSpread"/>); the demo's first job is priced from the zoo's profiles alone
/// (the warm-up's sessions are each their model's first on its worker, which calibration does not observe).
/// <see cref="ColdExpertSessionsByRound"/> counts each round's expert sessions that were their model's first on their
/// worker: none after a warm-up, which runs every expert on every worker.
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
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("end_to_end_s_by_round")] IReadOnlyList<double> EndToEndSecondsByRound,
    [property: JsonPropertyName("realized_over_predicted_by_round")] IReadOnlyList<double> RealizedOverPredictedByRound,
    [property: JsonPropertyName("share_repeated_calls")] bool ShareRepeatedCalls,
    [property: JsonPropertyName("shared_expert_calls")] int SharedExpertCalls,
    [property: JsonPropertyName("speed_factors")] IReadOnlyDictionary<string, double> SpeedFactors,
    [property: JsonPropertyName("forecast_spread")] double ForecastSpread,
    [property: JsonPropertyName("cold_expert_sessions_by_round")] IReadOnlyList<int> ColdExpertSessionsByRound);

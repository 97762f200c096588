using System.Text.Json.Serialization;

namespace Mosaic.Zoo.Workload;

/// <summary>
/// The routed test workload's figures. Accuracies are fractions. <see cref="NonUnanimous"/> covers the questions
/// without a 3:0 agreement, where the conservative gate calls the aggregator.
/// </summary>
public sealed record WorkloadReport(
    [property: JsonPropertyName("questions")] int Questions,
    [property: JsonPropertyName("router")] string Router,
    [property: JsonPropertyName("agreement")] IReadOnlyDictionary<string, double> Agreement,
    [property: JsonPropertyName("majority_accuracy")] double MajorityAccuracy,
    [property: JsonPropertyName("best_single_expert")] string BestSingleExpert,
    [property: JsonPropertyName("best_single_accuracy")] double BestSingleAccuracy,
    [property: JsonPropertyName("single_expert_accuracy")] IReadOnlyDictionary<string, double> SingleExpertAccuracy,
    [property: JsonPropertyName("aggregator_accuracy")] double AggregatorAccuracy,
    [property: JsonPropertyName("gated_accuracy")] double GatedAccuracy,
    [property: JsonPropertyName("non_unanimous")] SubsetFigures NonUnanimous,
    [property: JsonPropertyName("mean_expert_tokens")] IReadOnlyDictionary<string, double> MeanExpertTokens);

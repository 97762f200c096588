using System.Text.Json.Serialization;

namespace Mosaic.Zoo.Evaluation;

/// <summary>What <c>mosaic zoo eval --json</c> prints.</summary>
public sealed record ZooEvaluationReport(
    [property: JsonPropertyName("experts")] IReadOnlyList<ExpertEvaluation> Experts,
    [property: JsonPropertyName("aggregator")] ExpertEvaluation Aggregator);

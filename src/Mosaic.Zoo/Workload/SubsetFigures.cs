using System.Text.Json.Serialization;

namespace Mosaic.Zoo.Workload;

/// <summary>Majority vote against the aggregator on a subset of the workload.</summary>
public sealed record SubsetFigures(
    [property: JsonPropertyName("questions")] int Questions,
    [property: JsonPropertyName("majority_accuracy")] double MajorityAccuracy,
    [property: JsonPropertyName("aggregator_accuracy")] double AggregatorAccuracy);

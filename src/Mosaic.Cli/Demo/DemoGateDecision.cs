using System.Text.Json.Serialization;

namespace Mosaic.Cli.Demo;

/// <summary>The gate's decision for a question.</summary>
internal sealed record DemoGateDecision(
    [property: JsonPropertyName("skipped_aggregator")] bool SkippedAggregator,
    [property: JsonPropertyName("majority")] string? Majority,
    [property: JsonPropertyName("confidence")] double Confidence,
    [property: JsonPropertyName("decided_early")] bool DecidedEarly,
    [property: JsonPropertyName("reason")] string Reason);

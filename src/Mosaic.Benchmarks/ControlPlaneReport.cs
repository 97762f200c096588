using System.Text.Json.Serialization;

namespace Mosaic.Benchmarks;

/// <summary>The JSON document <c>mosaic bench control-plane --json</c> prints.</summary>
internal sealed record ControlPlaneReport(
    [property: JsonPropertyName("questions")] int Questions,
    [property: JsonPropertyName("questions_per_s")] double QuestionsPerSecond,
    [property: JsonPropertyName("overhead_us_per_question")] double OverheadMicrosecondsPerQuestion,
    [property: JsonPropertyName("all_answered")] bool AllAnswered,
    [property: JsonPropertyName("cluster_s")] double ClusterSeconds,
    [property: JsonPropertyName("direct_us_per_question")] double DirectMicrosecondsPerQuestion,
    [property: JsonPropertyName("silos")] int Silos,
    [property: JsonPropertyName("aggregator_calls")] int AggregatorCalls,
    [property: JsonPropertyName("cancelled_expert_calls")] int CancelledExpertCalls,
    [property: JsonPropertyName("backend")] string Backend);

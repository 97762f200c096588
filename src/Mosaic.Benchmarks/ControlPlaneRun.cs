using System.Text.Json.Serialization;

namespace Mosaic.Benchmarks;

/// <summary>One job of the control-plane benchmark: throughput, cost per question, and the job's persisted state size.</summary>
internal sealed record ControlPlaneRun(
    [property: JsonPropertyName("questions")] int Questions,
    [property: JsonPropertyName("questions_per_s")] double QuestionsPerSecond,
    [property: JsonPropertyName("us_per_question")] double MicrosecondsPerQuestion,
    [property: JsonPropertyName("overhead_us_per_question")] double OverheadMicrosecondsPerQuestion,
    [property: JsonPropertyName("direct_us_per_question")] double DirectMicrosecondsPerQuestion,
    [property: JsonPropertyName("all_answered_once")] bool AllAnsweredOnce,
    [property: JsonPropertyName("job_state_bytes")] int JobStateBytes,
    [property: JsonPropertyName("cluster_s")] double ClusterSeconds,
    [property: JsonPropertyName("aggregator_calls")] int AggregatorCalls,
    [property: JsonPropertyName("cancelled_expert_calls")] int CancelledExpertCalls);

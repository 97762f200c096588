using System.Text.Json.Serialization;

namespace Mosaic.Cli.Reports;

/// <summary>The three terms of the makespan lower bound.</summary>
internal sealed record LowerBoundTerms(
    [property: JsonPropertyName("work_s")] double WorkSeconds,
    [property: JsonPropertyName("expert_s")] double ExpertSeconds,
    [property: JsonPropertyName("job_s")] double JobSeconds,
    [property: JsonPropertyName("replica_s")] double ReplicaSeconds);

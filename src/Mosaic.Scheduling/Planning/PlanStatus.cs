using System.Text.Json.Serialization;

namespace Mosaic.Scheduling.Planning;

/// <summary>What is known about a plan: proven optimal, feasible only, or no plan exists.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PlanStatus>))]
public enum PlanStatus
{
    [JsonStringEnumMemberName("optimal")] Optimal,
    [JsonStringEnumMemberName("feasible")] Feasible,
    [JsonStringEnumMemberName("infeasible")] Infeasible,
}

using System.Text.Json.Serialization;

namespace Mosaic.Cli.Reports;

/// <summary>One scheduler's plan in a <see cref="PlanReport"/>.</summary>
internal sealed record ScheduleReport(
    [property: JsonPropertyName("scheduler")] string Scheduler,
    [property: JsonPropertyName("makespan_s")] double MakespanSeconds,
    [property: JsonPropertyName("solve_ms")] double SolveMilliseconds,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("best_bound_s")] double? BestBoundSeconds,
    [property: JsonPropertyName("speedup_vs_round_robin")] double SpeedupOverRoundRobin,
    [property: JsonPropertyName("gap_to_lower_bound")] double GapToLowerBound,
    [property: JsonPropertyName("workers")] IReadOnlyList<WorkerReport> Workers);

using System.Text.Json.Serialization;

namespace Mosaic.Cli.Reports;

/// <summary>The JSON document <c>mosaic plan --json</c> prints.</summary>
internal sealed record PlanReport(
    [property: JsonPropertyName("instance")] string Instance,
    [property: JsonPropertyName("lower_bound_s")] double LowerBoundSeconds,
    [property: JsonPropertyName("lower_bound_terms")] LowerBoundTerms LowerBoundTerms,
    [property: JsonPropertyName("schedules")] IReadOnlyList<ScheduleReport> Schedules);

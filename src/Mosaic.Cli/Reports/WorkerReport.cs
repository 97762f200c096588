using System.Text.Json.Serialization;

namespace Mosaic.Cli.Reports;

/// <summary>One worker's sessions in a <see cref="ScheduleReport"/>.</summary>
internal sealed record WorkerReport(
    [property: JsonPropertyName("worker")] string Worker,
    [property: JsonPropertyName("busy_s")] double BusySeconds,
    [property: JsonPropertyName("sessions")] IReadOnlyList<SessionReport> Sessions);

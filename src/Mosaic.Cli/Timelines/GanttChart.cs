namespace Mosaic.Cli.Timelines;

/// <summary>
/// A Gantt chart of a job: one lane per worker (top to bottom in <see cref="Lanes"/> order), its bars, markers, and
/// the models in the order that fixes their colours (so the charts of several runs colour each model alike).
/// </summary>
internal sealed record GanttChart(
    string Title,
    IReadOnlyList<string> Lanes,
    IReadOnlyList<GanttBar> Bars,
    IReadOnlyList<GanttMarker> Markers,
    IReadOnlyList<string> Models,
    string XAxisLabel = "wall seconds since dispatch");

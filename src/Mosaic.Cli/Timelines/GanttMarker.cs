namespace Mosaic.Cli.Timelines;

/// <summary>A labelled vertical line across every lane, e.g. where the expert stage ended or was predicted to end.</summary>
internal sealed record GanttMarker(string Label, double Seconds);

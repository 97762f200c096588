namespace Mosaic.Cli.Timelines;

/// <summary>One bar on a worker's lane: seconds from the chart's origin, the model it ran and how many calls.</summary>
internal sealed record GanttBar(string Lane, GanttKind Kind, string Model, double Start, double End, int Calls);

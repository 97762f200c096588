namespace Mosaic.Cli.Timelines;

/// <summary>What a bar of a worker's lane shows.</summary>
internal enum GanttKind
{
    Load,
    ExpertSession,
    AggregatorSession,
    SkippedSession,
}

namespace Mosaic.Abstractions.Jobs;

/// <summary>What a worker was doing during a timeline interval.</summary>
[GenerateSerializer, Alias("mosaic.timeline-kind")]
public enum TimelineKind
{
    Load,
    ExpertSession,
    AggregatorSession,
    SkippedSession,
}

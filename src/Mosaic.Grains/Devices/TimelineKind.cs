namespace Mosaic.Grains.Devices;

/// <summary>What a worker was doing during a timeline interval.</summary>
public enum TimelineKind
{
    Load,
    ExpertSession,
    AggregatorSession,
    SkippedSession,
}

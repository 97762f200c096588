namespace Mosaic.Grains.Devices;

/// <summary>One interval of a worker's timeline for a job: a model load, or a session's calls from first start to last end.</summary>
[GenerateSerializer, Immutable, Alias("mosaic.timeline-entry")]
public sealed record TimelineEntry(
    [property: Id(0)] string Worker,
    [property: Id(1)] TimelineKind Kind,
    [property: Id(2)] string Expert,
    [property: Id(3)] DateTimeOffset Start,
    [property: Id(4)] DateTimeOffset End,
    [property: Id(5)] int Calls);

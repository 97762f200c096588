namespace Mosaic.Abstractions.Jobs;

/// <summary>
/// One interval of a worker's timeline for a job, as the worker's device recorded it in wall time: a model load, an
/// expert or aggregator session from its first call's start to its last call's end (with how many calls it ran), or a
/// planned session skipped because its calls never came. <see cref="FirstRun"/> marks a session that was its model's
/// first on this worker since the worker started: it runs cold (code compiled and memory touched for the first time).
/// </summary>
[GenerateSerializer, Immutable, Alias("mosaic.timeline-entry")]
public sealed record TimelineEntry(
    [property: Id(0)] string Worker,
    [property: Id(1)] TimelineKind Kind,
    [property: Id(2)] string Expert,
    [property: Id(3)] DateTimeOffset Start,
    [property: Id(4)] DateTimeOffset End,
    [property: Id(5)] int Calls,
    [property: Id(6)] bool FirstRun = false);

namespace Mosaic.Grains.Aggregation;

/// <summary>
/// The job's current plan as the aggregation grain needs it: the live workers with their predicted expert-stage busy
/// time (to place aggregator calls), and the workers that have gone (their aggregator calls are placed again).
/// </summary>
[GenerateSerializer, Immutable, Alias("mosaic.plan-update")]
internal sealed record PlanUpdate(
    [property: Id(0)] int Generation,
    [property: Id(1)] IReadOnlyDictionary<string, double> PredictedBusySeconds,
    [property: Id(2)] IReadOnlyList<string> LostWorkers);

using Mosaic.Grains.Jobs;

namespace Mosaic.Grains.Aggregation;

/// <summary>The generation an aggregation activation runs (0: not started) and its counters.</summary>
[GenerateSerializer, Immutable, Alias("mosaic.aggregation-progress")]
internal sealed record AggregationProgress(
    [property: Id(0)] int Generation,
    [property: Id(1)] JobCounters Counters,
    [property: Id(2)] int PendingExpertCalls);

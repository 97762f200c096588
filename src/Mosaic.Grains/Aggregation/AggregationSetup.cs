using Mosaic.Abstractions.Jobs;
using Mosaic.Grains.Devices;

namespace Mosaic.Grains.Aggregation;

/// <summary>
/// What a job tells its aggregation grain when it (re)starts a run: the activation's generation, and the calls that
/// kept running on live workers through the restart (with their worker), whose outcomes will still arrive; and the
/// job's spec (the grain sits beside its job, so the immutable spec is shared, not copied, and a 100,000-question job
/// keeps one copy of its questions rather than two).
/// </summary>
[GenerateSerializer, Immutable, Alias("mosaic.aggregation-setup")]
internal sealed record AggregationSetup(
    [property: Id(0)] int Generation,
    [property: Id(1)] IReadOnlyDictionary<CallKey, string> RunningCalls,
    [property: Id(2)] JobSpec Spec);

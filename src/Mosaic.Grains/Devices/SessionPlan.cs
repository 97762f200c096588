namespace Mosaic.Grains.Devices;

/// <summary>
/// One planned engine run on a worker: the expert and exactly the calls it serves, in plan order. A planned session
/// is strict: nothing after it runs until each of its calls is served or cancelled (or the session waits longer than
/// the device's bound and is skipped). An open-ended session (<see cref="Calls"/> null: the aggregator) serves whatever
/// arrives for its expert and yields to later sessions while idle.
/// </summary>
[GenerateSerializer, Immutable, Alias("mosaic.session-plan")]
public sealed record SessionPlan(
    [property: Id(0)] string Expert,
    [property: Id(1)] IReadOnlyList<CallKey>? Calls);

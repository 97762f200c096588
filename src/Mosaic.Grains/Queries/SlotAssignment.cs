namespace Mosaic.Grains.Queries;

/// <summary>Where one expert slot of a question runs, and the request id the worker's session expects.</summary>
[GenerateSerializer, Immutable, Alias("mosaic.slot-assignment")]
internal sealed record SlotAssignment(
    [property: Id(0)] int Slot,
    [property: Id(1)] string Expert,
    [property: Id(2)] string Worker,
    [property: Id(3)] string RequestId);

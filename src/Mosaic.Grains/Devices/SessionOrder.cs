namespace Mosaic.Grains.Devices;

/// <summary>
/// One planned engine run on a worker: the expert and the exact request ids it will serve. An open-ended session
/// (<see cref="RequestIds"/> null) takes whatever arrives for its expert until the job closes it.
/// </summary>
[GenerateSerializer, Immutable, Alias("mosaic.session-order")]
public sealed record SessionOrder(
    [property: Id(0)] string Expert,
    [property: Id(1)] IReadOnlyList<string>? RequestIds);

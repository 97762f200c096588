namespace Mosaic.Grains.Devices.Sessions;

/// <summary>Calls a cancellation removed from the queue (never started) and calls already running, which the device must stop.</summary>
internal sealed record CancelResult(IReadOnlyList<CallKey> Removed, IReadOnlyList<CallKey> Running);

namespace Mosaic.Grains.Devices.Sessions;

/// <summary>Expert calls a withdrawal took out of the queue, and the job's calls that stay: running ones and queued aggregator calls.</summary>
internal sealed record Withdrawal(IReadOnlyList<CallKey> Withdrawn, IReadOnlyList<CallKey> Running);

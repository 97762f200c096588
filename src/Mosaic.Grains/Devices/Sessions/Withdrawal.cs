namespace Mosaic.Grains.Devices.Sessions;

/// <summary>
/// Expert calls a withdrawal took out of the queue, the job's calls that keep running, and its aggregator calls that
/// stay queued (they will run here too).
/// </summary>
internal sealed record Withdrawal(IReadOnlyList<CallKey> Withdrawn, IReadOnlyList<CallKey> Running, IReadOnlyList<CallKey> QueuedAggregatorCalls);

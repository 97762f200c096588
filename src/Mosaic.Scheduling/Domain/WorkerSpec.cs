namespace Mosaic.Scheduling;

/// <summary>A GPU worker. <paramref name="Speed"/> scales generation time (2 = twice as fast); loads are not scaled.</summary>
public sealed record WorkerSpec(string Id, double? MemoryGb = null, double Speed = 1.0);

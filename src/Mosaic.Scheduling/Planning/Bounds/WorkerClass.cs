namespace Mosaic.Scheduling.Planning.Bounds;

/// <summary>Workers the bound cannot tell apart: how many there are, their speed, and which experts fit on them.</summary>
internal sealed record WorkerClass(int Count, double Speed, IReadOnlyList<bool> Fits);

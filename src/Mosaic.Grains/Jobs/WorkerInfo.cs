namespace Mosaic.Grains.Jobs;

/// <summary>A live worker as the planner sees it.</summary>
internal sealed record WorkerInfo(string Id, double? MemoryGb);

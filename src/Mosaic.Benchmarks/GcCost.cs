namespace Mosaic.Benchmarks;

/// <summary>The process's garbage-collection totals at one moment; the difference of two is what a run cost.</summary>
internal readonly record struct GcCost(TimeSpan Pause, int Gen2Collections, long AllocatedBytes)
{
    public static GcCost Now() => new(GC.GetTotalPauseDuration(), GC.CollectionCount(2), GC.GetTotalAllocatedBytes());

    public static GcCost operator -(GcCost after, GcCost before) =>
        new(after.Pause - before.Pause, after.Gen2Collections - before.Gen2Collections, after.AllocatedBytes - before.AllocatedBytes);
}

namespace Mosaic.Benchmarks;

/// <summary>The process's garbage-collection totals at one moment; the difference of two is what a run cost.</summary>
internal readonly record struct GcCost(TimeSpan Pause, int Collections, int Gen2Collections, long AllocatedBytes)
{
    /// <summary><see cref="Collections"/>: of any generation (every collection collects generation 0).</summary>
    public static GcCost Now() => new(GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(2), GC.GetTotalAllocatedBytes());

    public static GcCost operator -(GcCost after, GcCost before) =>
        new(after.Pause - before.Pause, after.Collections - before.Collections, after.Gen2Collections - before.Gen2Collections, after.AllocatedBytes - before.AllocatedBytes);
}

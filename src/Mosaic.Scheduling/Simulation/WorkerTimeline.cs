namespace Mosaic.Scheduling.Simulation;

/// <summary>What one worker did during a simulated run.</summary>
public sealed record WorkerTimeline(string Worker, IReadOnlyList<TimelineInterval> Intervals)
{
    public double BusySeconds => Intervals.Sum(i => i.Duration);

    public double FinishSeconds => Intervals.Count == 0 ? 0 : Intervals.Max(i => i.End);
}

using Mosaic.Abstractions.Jobs;
using Mosaic.Scheduling;
using Mosaic.Scheduling.Planning;
using Mosaic.Scheduling.Simulation;

namespace Mosaic.Cli.Timelines;

/// <summary>Turns what a job did (its workers' timelines) or what a plan predicts (the simulator's intervals) into a <see cref="GanttChart"/>.</summary>
internal static class TimelineCharts
{
    /// <summary>A job's realized timeline, in seconds from <paramref name="origin"/> (the job's dispatch).</summary>
    public static GanttChart FromJob(
        string title, IReadOnlyList<TimelineEntry> entries, DateTimeOffset origin, IReadOnlyList<string> workers,
        IReadOnlyList<string> models, IReadOnlyList<GanttMarker> markers)
    {
        var lanes = workers.Union(entries.Select(e => e.Worker), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var bars = entries.Select(e => new GanttBar(
            e.Worker,
            e.Kind switch
            {
                TimelineKind.Load => GanttKind.Load,
                TimelineKind.AggregatorSession => GanttKind.AggregatorSession,
                TimelineKind.SkippedSession => GanttKind.SkippedSession,
                _ => GanttKind.ExpertSession,
            },
            e.Expert,
            Math.Max(0, (e.Start - origin).TotalSeconds),
            Math.Max(0, (e.End - origin).TotalSeconds),
            e.Calls)).ToArray();
        return new GanttChart(title, lanes, bars, markers, models);
    }

    /// <summary>
    /// A plan's predicted timeline: the plan run by <see cref="PlanSimulator"/> against its own predictions, so every
    /// load and session sits where the planner expects it (barrier phases included).
    /// </summary>
    public static GanttChart FromPlan(string title, SchedulePlan plan, SchedulingInstance instance)
    {
        var simulated = PlanSimulator.Run(plan, instance, Trace.FromPredictions(instance));
        var bars = simulated.Workers.SelectMany(w => w.Intervals.Select(i => new GanttBar(
            w.Worker, i.Kind == TimelineInterval.Load ? GanttKind.Load : GanttKind.ExpertSession, i.Expert, i.Start, i.End, i.Prompts))).ToArray();
        var lanes = instance.Workers.Select(w => w.Id).ToArray();
        var models = instance.Experts.Select(e => e.Name).ToArray();
        return new GanttChart(title, lanes, bars, [new GanttMarker($"makespan {simulated.MakespanSeconds:0.#} s", simulated.MakespanSeconds)], models, "predicted seconds");
    }
}

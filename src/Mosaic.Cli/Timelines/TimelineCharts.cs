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
    /// A plan's predicted timeline: every load and session as long as the plan itself prices it, one after another on
    /// its worker, each barrier phase starting when the last one ends everywhere, so the chart's makespan is the plan's.
    /// Re-simulating the plan from the instance's linear costs drew data-parallel plans (priced with the paper's run
    /// floors) with their short sessions at about half their time and a makespan 83 s under the printed one.
    /// </summary>
    public static GanttChart FromPlan(string title, SchedulePlan plan, SchedulingInstance instance)
    {
        var bars = new List<GanttBar>();
        var barrier = 0.0;
        foreach (var phase in plan.Workers.SelectMany(w => w.Sessions).Select(s => s.Phase).Distinct().Order())
        {
            var end = barrier;
            foreach (var worker in plan.Workers)
            {
                var clock = barrier;
                foreach (var session in worker.Sessions.Where(s => s.Phase == phase))
                {
                    bars.Add(new GanttBar(worker.Worker, GanttKind.Load, session.Expert, clock, clock + session.LoadSeconds, 0));
                    bars.Add(new GanttBar(worker.Worker, GanttKind.ExpertSession, session.Expert, clock + session.LoadSeconds, clock + session.BusySeconds, session.PromptCount));
                    clock += session.BusySeconds;
                }

                end = Math.Max(end, clock);
            }

            barrier = end;
        }

        var lanes = instance.Workers.Select(w => w.Id).ToArray();
        var models = instance.Experts.Select(e => e.Name).ToArray();
        return new GanttChart(title, lanes, bars, [new GanttMarker($"makespan {barrier:0.#} s", barrier)], models, "predicted seconds");
    }
}

using Mosaic.Scheduling.Emulation;
using Mosaic.Scheduling.Planning;

namespace Mosaic.Scheduling.Simulation;

/// <summary>
/// Discrete-event execution of a plan against realized costs: each worker runs its sessions in plan order (load,
/// then the session's prompts at the trace's cost divided by the worker's speed); a session of a later barrier phase
/// starts only once every worker has finished all earlier phases. With a <see cref="RunTail"/>, a session's generation
/// lasts at least its floor D(n) (Appendix A.6); without one, generation is linear in the trace's costs.
/// </summary>
public static class PlanSimulator
{
    public static SimulationResult Run(SchedulePlan plan, SchedulingInstance instance, Trace trace, RunTail? tail = null)
    {
        tail ??= RunTail.None;
        var kinds = instance.Experts.ToDictionary(e => e.Name, e => e.Kind, StringComparer.Ordinal);
        var speeds = instance.Workers.ToDictionary(w => w.Id, w => w.Speed, StringComparer.Ordinal);
        var clocks = plan.Workers.ToDictionary(w => w.Worker, _ => 0.0, StringComparer.Ordinal);
        var intervals = plan.Workers.ToDictionary(w => w.Worker, _ => new List<TimelineInterval>(), StringComparer.Ordinal);

        var phases = plan.Workers.SelectMany(w => w.Sessions).Select(s => s.Phase).Distinct().Order();
        var barrier = 0.0;
        foreach (var phase in phases)
        {
            foreach (var worker in plan.Workers)
            {
                var clock = Math.Max(clocks[worker.Worker], barrier);
                foreach (var session in worker.Sessions.Where(s => s.Phase == phase))
                {
                    var loaded = clock + session.LoadSeconds;
                    intervals[worker.Worker].Add(new TimelineInterval(TimelineInterval.Load, session.Expert, clock, loaded, 0));
                    var shares = session.PromptIds.Sum(q => trace.Cost(session.Expert, q));
                    var compute = tail.GenerationSeconds(kinds[session.Expert], session.PromptCount, shares) / speeds[worker.Worker];
                    clock = loaded + compute;
                    intervals[worker.Worker].Add(new TimelineInterval(
                        TimelineInterval.Compute, session.Expert, loaded, clock, session.PromptCount));
                }

                clocks[worker.Worker] = clock;
            }

            barrier = clocks.Values.DefaultIfEmpty(0).Max();
        }

        var timelines = plan.Workers.Select(w => new WorkerTimeline(w.Worker, intervals[w.Worker])).ToArray();
        return new SimulationResult(timelines.Select(t => t.FinishSeconds).DefaultIfEmpty(0).Max(), timelines);
    }
}

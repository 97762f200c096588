using System.Diagnostics;
using Mosaic.Scheduling.Planning;

namespace Mosaic.Scheduling.Baselines;

/// <summary>
/// Full data parallelism as the paper's motivation describes it: every expert is loaded on every worker, its
/// prompts split evenly, and experts run one after another with a barrier between them (one phase per expert).
/// It ignores K and the replica caps by design.
/// </summary>
public sealed class DataParallelScheduler : IScheduler
{
    public string Name => "data-parallel";

    public SchedulePlan Plan(SchedulingInstance instance)
    {
        var stopwatch = Stopwatch.StartNew();
        var experts = instance.ActiveExperts;
        var workerCount = instance.Workers.Count;
        var sessions = instance.Workers.Select(_ => new List<PlannedSession>()).ToArray();
        for (var m = 0; m < experts.Count; m++)
        {
            var next = 0;
            for (var n = 0; n < workerCount; n++)
            {
                var share = experts[m].Prompts / workerCount + (n < experts[m].Prompts % workerCount ? 1 : 0);
                if (share == 0)
                {
                    continue;
                }

                var ids = Enumerable.Range(next, share).ToArray();
                next += share;
                sessions[n].Add(PlanAssembler.Session(experts[m], instance.Workers[n], ids, phase: m));
            }
        }

        var workers = instance.Workers.Select((w, n) => new WorkerPlan(w.Id, sessions[n])).ToArray();
        return new SchedulePlan(Name, PlanStatus.Feasible, workers, PlanMetrics.Makespan(workers), null, stopwatch.Elapsed);
    }
}

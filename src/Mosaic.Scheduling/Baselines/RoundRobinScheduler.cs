using System.Diagnostics;
using Mosaic.Scheduling.Planning;

namespace Mosaic.Scheduling.Baselines;

/// <summary>
/// The paper's baseline: expert m (in the order first seen in the query queue, which is the instance's expert
/// order) goes to worker m mod N; every model is loaded exactly once and serves all its prompts.
/// </summary>
public sealed class RoundRobinScheduler : IScheduler
{
    public string Name => "round-robin";

    public SchedulePlan Plan(SchedulingInstance instance)
    {
        var stopwatch = Stopwatch.StartNew();
        var experts = instance.ActiveExperts;
        var counts = new int[experts.Count, instance.Workers.Count];
        for (var m = 0; m < experts.Count; m++)
        {
            counts[m, m % instance.Workers.Count] = experts[m].Prompts;
        }

        var workers = PlanAssembler.FromCounts(experts, instance.Workers, counts, balanceCosts: false);
        return new SchedulePlan(Name, PlanStatus.Feasible, workers, PlanMetrics.Makespan(workers), null, stopwatch.Elapsed);
    }
}

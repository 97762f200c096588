using System.Diagnostics;
using Mosaic.Scheduling.Emulation;
using Mosaic.Scheduling.Planning;

namespace Mosaic.Scheduling.Baselines;

/// <summary>
/// Full data parallelism as the paper measured it (§3, Appendix A.6): every expert is loaded on every worker, its
/// prompts split evenly, and experts run one after another with a barrier between them (one phase per expert).
/// Two costs make it slower than its linear version:
/// <list type="bullet">
/// <item>the engine starts of one expert are serialized across the workers, so worker i of a phase generates only
/// after i + 1 loads (its session's load time says so);</item>
/// <item>a shard of n prompts takes max(n·τ_m, D(n)) (<see cref="RunTail"/>): small instruction shards fall to their
/// floor and lose throughput, reasoning shards keep it.</item>
/// </list>
/// It ignores K and the replica caps by design.
/// </summary>
/// <param name="tail">Run floors; the paper calibration by default, <see cref="RunTail.None"/> for linear costs.</param>
/// <param name="serializedLoads">Serialize each phase's engine starts across workers (the paper's DP harness).</param>
public sealed class DataParallelScheduler(RunTail? tail = null, bool serializedLoads = true) : IScheduler
{
    private readonly RunTail _tail = tail ?? PaperCalibration.Tail;

    /// <summary>The optimistic version: parallel loads and linear costs.</summary>
    public static DataParallelScheduler Linear { get; } = new(RunTail.None, serializedLoads: false);

    public string Name => "data-parallel";

    public SchedulePlan Plan(SchedulingInstance instance)
    {
        var stopwatch = Stopwatch.StartNew();
        var experts = instance.ActiveExperts;
        var workerCount = instance.Workers.Count;
        var sessions = instance.Workers.Select(_ => new List<PlannedSession>()).ToArray();
        for (var m = 0; m < experts.Count; m++)
        {
            var expert = experts[m];
            var next = 0;
            var loaded = 0;
            for (var n = 0; n < workerCount; n++)
            {
                var share = expert.Prompts / workerCount + (n < expert.Prompts % workerCount ? 1 : 0);
                if (share == 0)
                {
                    continue;
                }

                var ids = Enumerable.Range(next, share).ToArray();
                next += share;
                loaded++;
                var speed = instance.Workers[n].Speed;
                var compute = _tail.GenerationSeconds(expert.Kind, share, ids.Sum(expert.PromptCost)) / speed;
                var load = serializedLoads ? loaded * expert.LoadSeconds : expert.LoadSeconds;
                sessions[n].Add(new PlannedSession(expert.Name, ids, load, compute, Phase: m));
            }
        }

        var workers = instance.Workers.Select((w, n) => new WorkerPlan(w.Id, sessions[n])).ToArray();
        return new SchedulePlan(Name, PlanStatus.Feasible, workers, PlanMetrics.Makespan(workers), null, stopwatch.Elapsed);
    }
}

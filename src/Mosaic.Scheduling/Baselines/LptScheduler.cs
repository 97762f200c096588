using System.Diagnostics;
using Mosaic.Scheduling.Planning;

namespace Mosaic.Scheduling.Baselines;

/// <summary>
/// Restricted LPT, the project's greedy baseline: each expert gets replicas in proportion to its share of the total
/// work (within 1 … R^max_m and the K cap), replicas go heaviest first to the least-loaded worker with a free model
/// slot, then prompts go longest first to the least-loaded worker hosting their expert.
/// </summary>
public sealed class LptScheduler : IScheduler
{
    public string Name => "lpt";

    public SchedulePlan Plan(SchedulingInstance instance)
    {
        var stopwatch = Stopwatch.StartNew();
        var experts = instance.ActiveExperts;
        var workers = instance.Workers;
        var hosts = PlaceReplicas(experts, workers, ReplicaCounts(experts, workers.Count, instance.MaxModelsPerWorker),
            instance.MaxModelsPerWorker);

        var promptsOf = new List<int>?[experts.Count, workers.Count];
        var finish = new double[workers.Count];
        for (var m = 0; m < experts.Count; m++)
        {
            foreach (var n in hosts[m])
            {
                finish[n] += experts[m].LoadSeconds;
                promptsOf[m, n] = [];
            }
        }

        var prompts = experts.SelectMany((e, m) => Enumerable.Range(0, e.Prompts).Select(q => (m, q, Cost: e.PromptCost(q))))
            .OrderByDescending(p => p.Cost).ThenBy(p => p.m).ThenBy(p => p.q);
        foreach (var (m, q, cost) in prompts)
        {
            var best = -1;
            foreach (var n in hosts[m])
            {
                if (best < 0 || finish[n] + cost / workers[n].Speed < finish[best] + cost / workers[best].Speed)
                {
                    best = n;
                }
            }

            promptsOf[m, best]!.Add(q);
            finish[best] += cost / workers[best].Speed;
        }

        foreach (var list in promptsOf)
        {
            list?.Sort();
        }

        var plans = PlanAssembler.FromPromptIds(experts, workers, promptsOf);
        return new SchedulePlan(Name, PlanStatus.Feasible, plans, PlanMetrics.Makespan(plans), null, stopwatch.Elapsed);
    }

    private static int[] ReplicaCounts(IReadOnlyList<ExpertSpec> experts, int workerCount, int maxModelsPerWorker)
    {
        var totalWork = experts.Sum(e => e.TotalWorkSeconds);
        var replicas = experts.Select(e =>
        {
            var share = totalWork <= 0 ? 1 : (int)Math.Round(workerCount * e.TotalWorkSeconds / totalWork);
            return Math.Clamp(share, 1, CostModel.ReplicaCap(e, workerCount));
        }).ToArray();

        // Give back replicas where they matter least until every replica has a model slot.
        var slots = (long)workerCount * maxModelsPerWorker;
        while (replicas.Sum() > slots)
        {
            var drop = Enumerable.Range(0, experts.Count).Where(m => replicas[m] > 1)
                .MinBy(m => experts[m].TotalWorkSeconds / (replicas[m] - 1));
            replicas[drop]--;
        }

        return replicas;
    }

    private static List<int>[] PlaceReplicas(
        IReadOnlyList<ExpertSpec> experts, IReadOnlyList<WorkerSpec> workers, int[] replicas, int maxModelsPerWorker)
    {
        var hosts = experts.Select(_ => new List<int>()).ToArray();
        var load = new double[workers.Count];
        var models = new int[workers.Count];

        // Largest replica first to the least-loaded worker with a free model slot, keeping enough free slots for
        // the experts that have no replica yet so the K cap can never strand one.
        var items = Enumerable.Range(0, experts.Count)
            .SelectMany(m => Enumerable.Range(0, replicas[m]).Select(_ => (m, Size: experts[m].LoadSeconds + experts[m].TotalWorkSeconds / replicas[m])))
            .OrderByDescending(i => i.Size).ThenBy(i => i.m).ToList();
        while (items.Count > 0)
        {
            var unplaced = Enumerable.Range(0, experts.Count).Count(m => hosts[m].Count == 0);
            var freeSlots = Enumerable.Range(0, workers.Count).Sum(n => maxModelsPerWorker - models[n]);
            var index = items.FindIndex(i => hosts[i.m].Count == 0 || freeSlots > unplaced);
            var (m, size) = items[index];
            items.RemoveAt(index);

            var best = -1;
            for (var n = 0; n < workers.Count; n++)
            {
                if (models[n] < maxModelsPerWorker && !hosts[m].Contains(n) && (best < 0 || load[n] < load[best]))
                {
                    best = n;
                }
            }

            if (best < 0)
            {
                continue;
            }

            hosts[m].Add(best);
            models[best]++;
            load[best] += size / workers[best].Speed;
        }

        return hosts;
    }
}

namespace Mosaic.Scheduling.Planning;

/// <summary>Reads a plan back as counts[m, n] over the instance's active experts and workers.</summary>
internal static class PlanCounts
{
    public static int[,] Of(SchedulePlan plan, SchedulingInstance instance)
    {
        var experts = instance.ActiveExperts;
        var expertIndex = experts.Select((e, m) => (e.Name, m)).ToDictionary(p => p.Name, p => p.m, StringComparer.Ordinal);
        var workerIndex = instance.Workers.Select((w, n) => (w.Id, n)).ToDictionary(p => p.Id, p => p.n, StringComparer.Ordinal);
        var counts = new int[experts.Count, instance.Workers.Count];
        foreach (var worker in plan.Workers)
        {
            foreach (var session in worker.Sessions)
            {
                counts[expertIndex[session.Expert], workerIndex[worker.Worker]] += session.PromptCount;
            }
        }

        return counts;
    }

    /// <summary>
    /// Whether the plan obeys the ILP's constraints: every prompt once, replica caps, K, and memory when enforced.
    /// </summary>
    public static bool SatisfiesIlpConstraints(SchedulePlan plan, SchedulingInstance instance, MemoryConstraint memory)
    {
        var experts = instance.ActiveExperts;
        var workers = instance.Workers;
        var counts = Of(plan, instance);
        for (var m = 0; m < experts.Count; m++)
        {
            var total = 0;
            var replicas = 0;
            for (var n = 0; n < workers.Count; n++)
            {
                total += counts[m, n];
                replicas += counts[m, n] > 0 ? 1 : 0;
            }

            if (total != experts[m].Prompts || replicas < 1 || replicas > CostModel.ReplicaCap(experts[m], workers.Count))
            {
                return false;
            }
        }

        for (var n = 0; n < workers.Count; n++)
        {
            var hosted = Enumerable.Range(0, experts.Count).Where(m => counts[m, n] > 0).ToArray();
            if (hosted.Length > instance.MaxModelsPerWorker)
            {
                return false;
            }

            if (memory != MemoryConstraint.Off && workers[n].MemoryGb is { } capacity)
            {
                var needs = hosted.Select(m => experts[m].MemoryGb ?? 0).ToArray();
                if (needs.Any(need => need > capacity) || (memory == MemoryConstraint.CoResident && needs.Sum() > capacity))
                {
                    return false;
                }
            }
        }

        return true;
    }
}

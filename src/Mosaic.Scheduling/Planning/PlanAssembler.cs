namespace Mosaic.Scheduling.Planning;

/// <summary>
/// Turns a placement with per-(expert, worker) prompt counts into a <see cref="SchedulePlan"/>: concrete prompt ids,
/// session order and predicted times. Counts-only plans hand out prompt ids in contiguous ranges; with per-prompt
/// costs the ids are chosen so each replica's predicted cost matches its share.
/// </summary>
internal static class PlanAssembler
{
    /// <param name="counts">counts[m, n]: prompts of active expert m on worker n (0 = not loaded).</param>
    /// <param name="balanceCosts">Choose prompt ids by predicted cost (extension c) instead of contiguous ranges.</param>
    public static IReadOnlyList<WorkerPlan> FromCounts(
        IReadOnlyList<ExpertSpec> experts, IReadOnlyList<WorkerSpec> workers, int[,] counts, bool balanceCosts)
    {
        var promptsOf = new List<int>?[experts.Count, workers.Count];
        for (var m = 0; m < experts.Count; m++)
        {
            var hosts = Enumerable.Range(0, workers.Count).Where(n => counts[m, n] > 0).ToArray();
            var split = balanceCosts && experts[m].PromptCosts is not null
                ? SplitByCost(experts[m], hosts.Select(n => counts[m, n]).ToArray())
                : SplitContiguous(hosts.Select(n => counts[m, n]).ToArray());
            for (var i = 0; i < hosts.Length; i++)
            {
                promptsOf[m, hosts[i]] = split[i];
            }
        }

        return FromPromptIds(experts, workers, promptsOf);
    }

    /// <param name="promptsOf">promptsOf[m, n]: prompt ids of active expert m served on worker n (null or empty = none).</param>
    public static IReadOnlyList<WorkerPlan> FromPromptIds(
        IReadOnlyList<ExpertSpec> experts, IReadOnlyList<WorkerSpec> workers, List<int>?[,] promptsOf)
    {
        var plans = new List<WorkerPlan>(workers.Count);
        for (var n = 0; n < workers.Count; n++)
        {
            var sessions = new List<PlannedSession>();
            foreach (var m in RunOrder(experts))
            {
                if (promptsOf[m, n] is { Count: > 0 } ids)
                {
                    sessions.Add(Session(experts[m], workers[n], ids));
                }
            }

            plans.Add(new WorkerPlan(workers[n].Id, sessions));
        }

        return plans;
    }

    public static PlannedSession Session(ExpertSpec expert, WorkerSpec worker, IReadOnlyList<int> ids, int phase = 0) =>
        new(expert.Name, ids, expert.LoadSeconds, ids.Sum(expert.PromptCost) / worker.Speed, phase);

    /// <summary>
    /// Instruction experts run before reasoning experts on each worker: their short answers arrive early, which is
    /// what lets early gate decisions cancel reasoning prompts that can no longer change an outcome.
    /// </summary>
    private static IEnumerable<int> RunOrder(IReadOnlyList<ExpertSpec> experts) =>
        Enumerable.Range(0, experts.Count).OrderBy(m => experts[m].Kind == ExpertKind.Reasoning ? 1 : 0).ThenBy(m => m);

    private static List<int>[] SplitContiguous(int[] counts)
    {
        var result = new List<int>[counts.Length];
        var next = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            result[i] = Enumerable.Range(next, counts[i]).ToList();
            next += counts[i];
        }

        return result;
    }

    /// <summary>
    /// Longest prompt first to the replica with the most remaining budget, where a replica's budget is its count
    /// share of the expert's total predicted cost; this evens out predicted cost rather than prompt counts.
    /// </summary>
    private static List<int>[] SplitByCost(ExpertSpec expert, int[] counts)
    {
        var total = expert.TotalWorkSeconds;
        var sumCounts = counts.Sum();
        var remaining = counts.Select(c => total * c / sumCounts).ToArray();
        var result = counts.Select(_ => new List<int>()).ToArray();
        var order = Enumerable.Range(0, expert.Prompts).OrderByDescending(expert.PromptCost).ThenBy(q => q);
        foreach (var q in order)
        {
            var best = 0;
            for (var i = 1; i < counts.Length; i++)
            {
                if (remaining[i] > remaining[best])
                {
                    best = i;
                }
            }

            result[best].Add(q);
            remaining[best] -= expert.PromptCost(q);
        }

        foreach (var list in result)
        {
            list.Sort();
        }

        return result;
    }
}

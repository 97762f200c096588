namespace Mosaic.Scheduling.Planning.Search;

/// <summary>
/// The K-aware greedy warm start. For a target makespan C, experts small enough to stay whole (size ℓ_m + N_m·τ_m at
/// most a share β of C, or R_m = 1) go first, largest first, each to the worker with the most time left that has a
/// free model slot: with K = 2 this spreads the light experts one per worker, which is the pairing the paper's optimum
/// shows. The other experts are then poured, largest first, into the time left: a remainder that fits whole goes to
/// the tightest worker it fits on, otherwise a piece fills a worker completely, preferring a worker whose last free
/// slot it takes, and (by rule) never a piece whose work is small next to the load it costs. Every rule is tried at
/// each target; targets are searched upward from the lower bound.
/// </summary>
internal static class PackingPlanner
{
    private static readonly double[] WholeShares = [1.0, 0.5, 0.25, 0.0];
    private static readonly bool[] KeepSlot = [true, false];
    private static readonly double[] MinPieceWork = [0.0, 1.0, 3.0];

    /// <summary>
    /// The best packing found for targets between <paramref name="lowerBound"/> and <paramref name="ceiling"/> (a
    /// makespan already reached), or null when none packs. Targets grow from the bound by 0.5%, 1%, 2%, … until one
    /// packs, then bisection narrows the gap to the last that failed, until <paramref name="deadline"/>.
    /// </summary>
    public static CountPlan? Plan(PlanningProblem problem, double lowerBound, double ceiling, Deadline deadline)
    {
        if (Enumerable.Range(0, problem.ExpertCount).Any(m => Enumerable.Range(0, problem.WorkerCount).All(n => !problem.Fits(m, n))))
        {
            return null;
        }

        CountPlan? packed = null;
        var failed = lowerBound;
        // The upward search is cheap and always runs to a plan: a warm start matters most when time is short.
        for (var growth = 0.005; ; growth *= 2)
        {
            var target = Math.Min(lowerBound * (1 + growth), ceiling);
            packed = TryAll(problem, target);
            if (packed is not null || target >= ceiling || growth > 64)
            {
                break;
            }

            failed = target;
        }

        if (packed is null)
        {
            return null;
        }

        var high = packed.Makespan;
        for (var i = 0; i < 10 && high - failed > 1e-4 * high && !deadline.Passed; i++)
        {
            var mid = (failed + high) / 2;
            if (TryAll(problem, mid) is { } better)
            {
                packed = better.Makespan < packed.Makespan ? better : packed;
                high = Math.Min(mid, packed.Makespan);
            }
            else
            {
                failed = mid;
            }
        }

        return packed;
    }

    private static CountPlan? TryAll(PlanningProblem problem, double target)
    {
        CountPlan? best = null;
        foreach (var share in WholeShares)
        {
            foreach (var keepSlot in KeepSlot)
            {
                foreach (var minPiece in MinPieceWork)
                {
                    if (Pack(problem, target, new PackingRule(share, keepSlot, minPiece)) is { } plan && (best is null || plan.Makespan < best.Makespan))
                    {
                        best = plan;
                    }
                }
            }
        }

        return best;
    }

    /// <summary>One packing at target C by <paramref name="rule"/>, or null when some prompts do not fit.</summary>
    public static CountPlan? Pack(PlanningProblem problem, double target, PackingRule rule)
    {
        var plan = new CountPlan(problem);
        var size = Enumerable.Range(0, problem.ExpertCount)
            .Select(m => problem.Load[m] + problem.Prompts[m] * Enumerable.Range(0, problem.WorkerCount).Min(n => problem.UnitCost(m, n)))
            .ToArray();
        var whole = Enumerable.Range(0, problem.ExpertCount)
            .Where(m => problem.ReplicaCap[m] == 1 || size[m] <= rule.WholeShare * target)
            .OrderByDescending(m => size[m]).ThenBy(m => m).ToArray();
        var poured = Enumerable.Range(0, problem.ExpertCount).Except(whole)
            .OrderByDescending(m => size[m]).ThenBy(m => m).ToArray();

        foreach (var m in whole)
        {
            var best = -1;
            for (var pass = rule.KeepSlot && poured.Length > 0 ? 0 : 1; pass < 2 && best < 0; pass++)
            {
                for (var n = 0; n < problem.WorkerCount; n++)
                {
                    if (plan.CanOpen(m, n) && (pass == 1 || plan.Hosted(n) < problem.MaxModels - 1)
                        && plan.Time(n) + problem.SessionSeconds(m, n, problem.Prompts[m]) <= target
                        && (best < 0 || plan.Time(n) < plan.Time(best)))
                    {
                        best = n;
                    }
                }
            }

            if (best < 0)
            {
                return null;
            }

            plan.Add(m, best, problem.Prompts[m]);
        }

        foreach (var m in poured)
        {
            if (!Pour(plan, m, target, rule.MinPieceWork))
            {
                return null;
            }
        }

        return plan;
    }

    private static bool Pour(CountPlan plan, int m, double target, double minPieceWork)
    {
        var problem = plan.Problem;
        var left = problem.Prompts[m];
        while (left > 0)
        {
            // The remainder whole, on the worker it fits tightest.
            var fit = -1;
            for (var n = 0; n < problem.WorkerCount; n++)
            {
                if (plan.CanOpen(m, n) && plan.Time(n) + problem.SessionSeconds(m, n, left) <= target
                    && (fit < 0 || plan.Time(n) + problem.SessionSeconds(m, n, left) > plan.Time(fit) + problem.SessionSeconds(m, fit, left)))
                {
                    fit = n;
                }
            }

            if (fit >= 0)
            {
                plan.Add(m, fit, left);
                return true;
            }

            if (plan.Replicas(m) + 1 >= problem.ReplicaCap[m])
            {
                return false;
            }

            // A piece that fills a worker: its last free slot first, then the one with the most room.
            var fill = -1;
            var fillCount = 0;
            for (var n = 0; n < problem.WorkerCount; n++)
            {
                if (!plan.CanOpen(m, n))
                {
                    continue;
                }

                var count = Capacity(problem, m, n, target - plan.Time(n), left);
                if (count <= 0 || count * problem.UnitCost(m, n) < minPieceWork * problem.Load[m])
                {
                    continue;
                }

                var lastSlot = plan.Hosted(n) == problem.MaxModels - 1;
                if (fill < 0 || (lastSlot, count) .CompareTo((plan.Hosted(fill) == problem.MaxModels - 1, fillCount)) > 0)
                {
                    (fill, fillCount) = (n, count);
                }
            }

            if (fill < 0)
            {
                return false;
            }

            plan.Add(m, fill, fillCount);
            left -= fillCount;
        }

        return true;
    }

    /// <summary>How many prompts of m fit on worker n in <paramref name="room"/> seconds (after m's load), at most <paramref name="left"/>.</summary>
    private static int Capacity(PlanningProblem problem, int m, int n, double room, int left)
    {
        var work = room - problem.Load[m];
        if (work < 0)
        {
            return 0;
        }

        var cost = problem.UnitCost(m, n);
        return cost <= 0 ? left : (int)Math.Min(left, Math.Floor(work / cost + 1e-9));
    }
}

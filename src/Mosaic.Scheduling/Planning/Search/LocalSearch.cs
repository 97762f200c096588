namespace Mosaic.Scheduling.Planning.Search;

/// <summary>
/// Steepest descent on the busiest worker: move prompts of one of its experts to another worker, either one already
/// hosting that expert or one with a free model slot (paying a load), choosing the move that lowers the pair's longer
/// time the most. Busiest-first, so plateaus of equally busy
/// workers are worked down one by one. Each move leaves both workers below the busiest one's time, so the sorted vector
/// of worker times falls strictly and the search stops.
/// </summary>
internal static class LocalSearch
{
    public static CountPlan Improve(CountPlan start, Deadline deadline, int maxMoves = 20_000)
    {
        var plan = start.Clone();
        var problem = plan.Problem;
        for (var move = 0; move < maxMoves && !deadline.Passed; move++)
        {
            var busiest = Enumerable.Range(0, problem.WorkerCount).MaxBy(plan.Time);
            if (!TryRelieve(plan, busiest))
            {
                break;
            }
        }

        return plan;
    }

    /// <summary>Applies the best move of prompts off worker <paramref name="from"/> that leaves both workers below its current time.</summary>
    private static bool TryRelieve(CountPlan plan, int from)
    {
        var problem = plan.Problem;
        var current = plan.Time(from);
        var best = (Expert: -1, To: -1, Count: 0, Peak: current);
        for (var m = 0; m < problem.ExpertCount; m++)
        {
            var count = plan.Count(m, from);
            if (count == 0)
            {
                continue;
            }

            for (var to = 0; to < problem.WorkerCount; to++)
            {
                if (to == from || plan.Time(to) >= current)
                {
                    continue;
                }

                var hosted = plan.Count(m, to) > 0;
                int x;
                if (hosted || plan.CanOpen(m, to))
                {
                    x = BestAmount(plan, m, from, to, count, hosted);
                }
                else if (CanMoveWhole(plan, m, to))
                {
                    x = count;
                }
                else
                {
                    continue;
                }

                var peak = Math.Max(TimeAfterRemoving(plan, m, from, x), plan.Time(to) + (hosted ? 0 : problem.Load[m]) + x * problem.UnitCost(m, to));
                if (peak < best.Peak - 1e-9 * current)
                {
                    best = (m, to, x, peak);
                }
            }
        }

        if (best.Expert < 0)
        {
            return false;
        }

        plan.Remove(best.Expert, from, best.Count);
        plan.Add(best.Expert, best.To, best.Count);
        return true;
    }

    /// <summary>Moving a whole session frees its replica, so the target only needs a slot and memory, not a spare replica.</summary>
    private static bool CanMoveWhole(CountPlan plan, int m, int to)
    {
        var problem = plan.Problem;
        var used = Enumerable.Range(0, problem.ExpertCount).Where(e => plan.Count(e, to) > 0).Sum(problem.MemoryNeed);
        return plan.Hosted(to) < problem.MaxModels && problem.Fits(m, to) && used + problem.MemoryNeed(m) <= problem.MemoryCapacity(to);
    }

    /// <summary>The number of prompts to move that best evens the two workers' times (all of them when that closes the session).</summary>
    private static int BestAmount(CountPlan plan, int m, int from, int to, int count, bool hosted)
    {
        var problem = plan.Problem;
        var costFrom = problem.UnitCost(m, from);
        var costTo = problem.UnitCost(m, to);
        var baseTo = plan.Time(to) + (hosted ? 0 : problem.Load[m]);
        var x = costFrom + costTo <= 0 ? count : (int)Math.Round((plan.Time(from) - baseTo) / (costFrom + costTo));
        x = Math.Clamp(x, 1, count);
        if (x == count - 1 || x == count)
        {
            // Check whether moving everything (and dropping the load) does better.
            var all = Math.Max(TimeAfterRemoving(plan, m, from, count), baseTo + count * costTo);
            var some = Math.Max(TimeAfterRemoving(plan, m, from, x), baseTo + x * costTo);
            x = all <= some ? count : x;
        }

        return x;
    }

    private static double TimeAfterRemoving(CountPlan plan, int m, int from, int x) =>
        plan.Time(from) - x * plan.Problem.UnitCost(m, from) - (x == plan.Count(m, from) ? plan.Problem.Load[m] : 0);
}

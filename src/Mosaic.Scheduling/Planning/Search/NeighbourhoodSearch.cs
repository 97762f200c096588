using System.Diagnostics;
using System.Globalization;
using Google.OrTools.Sat;

namespace Mosaic.Scheduling.Planning.Search;

/// <summary>
/// Large-neighbourhood search over the ILP: aim at a makespan a little below the incumbent's (0.1%, or an eighth of
/// the gap to the bound), pick a few workers around one that overruns it (workers sharing its experts, the least busy
/// workers, a random one), free everything they run and let CP-SAT re-place it among them
/// (<see cref="NeighbourhoodModel"/>), keeping the result when the time above the target shrinks. When no worker
/// overruns, the incumbent is the new best and the target moves down. Sub-solves run on one thread without CP-SAT's
/// LP relaxation (linearization level 0), which doubled the successful sub-solves per second on the scaling rows.
/// </summary>
internal sealed class NeighbourhoodSearch(PlanningProblem problem, int seed)
{
    private const int MinNeighbourhood = 4;
    private const int MaxNeighbourhood = 10;
    private static readonly TimeSpan SolveLimit = TimeSpan.FromMilliseconds(100);

    private readonly Random _random = new(seed);

    /// <summary>Improves <paramref name="start"/> until <paramref name="budget"/> runs out; never returns a worse plan.</summary>
    public CountPlan Improve(CountPlan start, double lowerBound, TimeSpan budget)
    {
        var clock = Stopwatch.StartNew();
        var best = start.Clone();
        var current = start.Clone();
        var size = Math.Min(MinNeighbourhood, problem.WorkerCount);
        var target = NextTarget(best.Makespan, lowerBound);
        var failures = 0;

        while (clock.Elapsed < budget && best.Makespan > lowerBound * (1 + 1e-6) && problem.WorkerCount > 1)
        {
            var over = Enumerable.Range(0, problem.WorkerCount).Where(n => current.Time(n) > target).ToArray();
            if (over.Length == 0)
            {
                best = current.Clone();
                target = NextTarget(best.Makespan, lowerBound);
                failures = 0;
                continue;
            }

            var neighbourhood = Choose(current, over, size);
            var left = budget - clock.Elapsed;
            if (Solve(current, neighbourhood, target, left < SolveLimit ? left : SolveLimit))
            {
                failures = 0;
                continue;
            }

            failures++;
            if (failures % 4 == 0)
            {
                size = Math.Min(Math.Min(size + 2, MaxNeighbourhood), problem.WorkerCount);
            }

            if (failures >= 24)
            {
                // The target is out of reach from here: aim halfway back to the best makespan.
                target = (target + best.Makespan) / 2;
                current = best.Clone();
                size = Math.Min(MinNeighbourhood, problem.WorkerCount);
                failures = 0;
                if (best.Makespan - target < 1e-6 * best.Makespan)
                {
                    break;
                }
            }
        }

        return current.Makespan < best.Makespan ? current : best;
    }

    private static double NextTarget(double makespan, double lowerBound) =>
        Math.Max(lowerBound, makespan - Math.Max(0.001 * makespan, (makespan - lowerBound) / 8));

    /// <summary>
    /// An overrunning worker, up to two more, the workers sharing its experts (least busy first), the least busy
    /// workers with a free model slot, then random workers, up to <paramref name="size"/>.
    /// </summary>
    private int[] Choose(CountPlan plan, int[] over, int size)
    {
        var chosen = new List<int>();
        void Take(int n)
        {
            if (chosen.Count < size && !chosen.Contains(n))
            {
                chosen.Add(n);
            }
        }

        var first = over[_random.Next(over.Length)];
        Take(first);
        foreach (var n in over.OrderBy(_ => _random.Next()).Take(2))
        {
            Take(n);
        }

        var experts = Enumerable.Range(0, problem.ExpertCount).Where(m => plan.Count(m, first) > 0).ToArray();
        var sharing = Enumerable.Range(0, problem.WorkerCount)
            .Where(n => experts.Any(m => plan.Count(m, n) > 0))
            .OrderBy(plan.Time).ThenBy(_ => _random.Next()).ToArray();
        foreach (var n in sharing.Take(Math.Max(1, size / 2 - 1)))
        {
            Take(n);
        }

        var idle = Enumerable.Range(0, problem.WorkerCount).OrderBy(plan.Time).ThenBy(_ => _random.Next()).ToArray();
        foreach (var n in idle.Take(Math.Max(1, size / 4)))
        {
            Take(n);
        }

        while (chosen.Count < size)
        {
            Take(_random.Next(problem.WorkerCount));
        }

        return chosen.OrderBy(n => n).ToArray();
    }

    /// <summary>Re-places the neighbourhood; true (and <paramref name="plan"/> updated) when the time above the target shrank.</summary>
    private bool Solve(CountPlan plan, int[] workers, double target, TimeSpan limit)
    {
        if (limit <= TimeSpan.Zero)
        {
            return false;
        }

        var model = new NeighbourhoodModel(plan, workers, target);
        var solver = new CpSolver
        {
            StringParameters = string.Create(CultureInfo.InvariantCulture,
                $"max_time_in_seconds:{limit.TotalSeconds} num_workers:1 random_seed:{_random.Next(1 << 20)} linearization_level:0"),
        };
        var status = solver.Solve(model.Model);
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
        {
            return false;
        }

        var before = Score(plan, workers, target);
        var candidate = plan.Clone();
        model.Apply(solver, candidate);
        var after = Score(candidate, workers, target);
        if (after.CompareTo(before) >= 0 || !candidate.IsComplete())
        {
            return false;
        }

        model.Apply(solver, plan);
        return true;
    }

    private static (double Overflow, double Longest) Score(CountPlan plan, int[] workers, double target)
    {
        var overflow = workers.Sum(n => Math.Max(0, plan.Time(n) - target));
        var longest = workers.Max(plan.Time);
        return (Math.Round(overflow, 6), Math.Round(longest, 6));
    }
}

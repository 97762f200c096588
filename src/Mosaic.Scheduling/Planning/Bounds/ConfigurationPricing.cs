namespace Mosaic.Scheduling.Planning.Bounds;

/// <summary>
/// The pricing problem of the configuration bound: the most one worker of a class can earn within makespan C when a
/// second of expert m's work earns π_m and hosting m costs ρ_m,
/// V = max Σ_{m∈S} (π_m·w_m − ρ_m) over |S| ≤ K, Σ_{m∈S} (ℓ_m + w_m/s) ≤ C, 0 ≤ w_m ≤ W_m, w_m = W_m when R_m = 1.
/// </summary>
/// <remarks>
/// For a fixed S the best w is a fractional knapsack: experts with R_m = 1 are full, the others take the time left in
/// decreasing π, so all are full but the last, which may be partial. A dynamic programme therefore visits the
/// unsplittable experts first, then the splittable ones in decreasing π; it keeps, for each number of full experts,
/// the Pareto front of (time used, value), and tries each splittable expert as the partial last one on the front of
/// the experts visited before it. States that cannot beat the best value found even if every second left earned the
/// highest π still to come are dropped. A front longer than <see cref="MaxFrontSize"/> is thinned by merging
/// neighbouring states into one with the least time and the most value, which can only overstate V: the result is
/// always an upper bound on V, and exact when <see cref="PricingResult.Exact"/> is true.
/// </remarks>
internal static class ConfigurationPricing
{
    private const int MaxFrontSize = 4096;
    private const int MaxColumns = 8;

    public static PricingResult Price(
        IReadOnlyList<BoundExpert> experts, WorkerClass workerClass, int classIndex, int maxModels, double makespan,
        IReadOnlyList<double> pi, IReadOnlyList<double> rho)
    {
        var speed = workerClass.Speed;
        var order = Enumerable.Range(0, experts.Count)
            .Where(m => workerClass.Fits[m] && pi[m] > 0 && experts[m].Load < makespan)
            .OrderBy(m => experts[m].Splittable ? 1 : 0).ThenByDescending(m => pi[m]).ThenBy(m => m)
            .ToArray();

        // suffixPi[i] = the largest π among order[i..]: no state can earn more than s·suffixPi per second left.
        var suffixPi = new double[order.Length + 1];
        for (var i = order.Length - 1; i >= 0; i--)
        {
            suffixPi[i] = Math.Max(suffixPi[i + 1], pi[order[i]]);
        }

        var pool = new List<FrontState> { new(0, 0, -1, -1) };
        var levels = new List<int>[maxModels + 1];
        levels[0] = [0];
        for (var count = 1; count <= maxModels; count++)
        {
            levels[count] = [];
        }

        // The best single-expert configuration seeds the pruning bound (and is a column in its own right).
        var best = 0.0;
        var candidates = new List<Candidate>();
        foreach (var m in order)
        {
            var work = Math.Min(experts[m].Work, speed * (makespan - experts[m].Load));
            var value = pi[m] * work - rho[m];
            if (value > best && (experts[m].Splittable || work >= experts[m].Work))
            {
                best = value;
                candidates = [new Candidate(value, 0, m, work)];
            }
        }

        var exact = true;

        for (var position = 0; position < order.Length; position++)
        {
            var m = order[position];
            var expert = experts[m];
            var rate = speed * suffixPi[position];
            for (var count = 0; count <= maxModels; count++)
            {
                levels[count].RemoveAll(index => pool[index].Value + rate * (makespan - pool[index].Time) <= best);
            }

            if (expert.Splittable)
            {
                Candidate? top = null;
                for (var count = 0; count < maxModels; count++)
                {
                    foreach (var index in levels[count])
                    {
                        var room = makespan - expert.Load - pool[index].Time;
                        if (room <= 0)
                        {
                            break;
                        }

                        var work = Math.Min(expert.Work, speed * room);
                        var value = pool[index].Value + pi[m] * work - rho[m];
                        if (value > (top?.Value ?? 0))
                        {
                            top = new Candidate(value, index, m, work);
                        }
                    }
                }

                if (top is { } found)
                {
                    candidates.Add(found);
                    best = Math.Max(best, found.Value);
                }
            }

            var time = expert.Load + expert.Work / speed;
            var gain = pi[m] * expert.Work - rho[m];
            if (gain <= 0 || time > makespan)
            {
                continue;
            }

            for (var count = maxModels - 1; count >= 0; count--)
            {
                var extended = new List<int>();
                foreach (var index in levels[count])
                {
                    if (pool[index].Time + time > makespan)
                    {
                        break;
                    }

                    pool.Add(new FrontState(pool[index].Time + time, pool[index].Value + gain, m, index));
                    extended.Add(pool.Count - 1);
                }

                if (extended.Count > 0)
                {
                    levels[count + 1] = Merge(pool, levels[count + 1], extended);
                    if (levels[count + 1].Count > MaxFrontSize)
                    {
                        levels[count + 1] = Thin(pool, levels[count + 1], makespan);
                        exact = false;
                    }
                }
            }
        }

        foreach (var level in levels)
        {
            if (level.Count > 0 && pool[level[^1]].Value > 0)
            {
                candidates.Add(new Candidate(pool[level[^1]].Value, level[^1], -1, 0));
                best = Math.Max(best, pool[level[^1]].Value);
            }
        }

        var columns = candidates.OrderByDescending(c => c.Value).Take(MaxColumns)
            .Select(c => Build(experts, pool, classIndex, speed, makespan, c, pi, rho))
            .OfType<(double, Configuration)>().ToArray();
        return new PricingResult(best, columns, exact);
    }

    /// <summary>
    /// The configuration behind a candidate and its actual value. A candidate built on a thinned state may overrun
    /// the makespan: its partial expert gives the excess back, and without one it is dropped.
    /// </summary>
    private static (double, Configuration)? Build(
        IReadOnlyList<BoundExpert> experts, List<FrontState> pool, int classIndex, double speed, double makespan, Candidate candidate,
        IReadOnlyList<double> pi, IReadOnlyList<double> rho)
    {
        var pieces = new List<ConfigurationPiece>();
        var time = 0.0;
        for (var index = candidate.State; pool[index].Expert >= 0; index = pool[index].Parent)
        {
            var expert = experts[pool[index].Expert];
            pieces.Add(new ConfigurationPiece(pool[index].Expert, expert.Work));
            time += expert.Load + expert.Work / speed;
        }

        if (candidate.Partial >= 0)
        {
            var expert = experts[candidate.Partial];
            var work = Math.Min(candidate.PartialWork, speed * (makespan - time - expert.Load));
            if (work < 0 || (!expert.Splittable && work < expert.Work))
            {
                return null;
            }

            pieces.Add(new ConfigurationPiece(candidate.Partial, work));
        }
        else if (time > makespan)
        {
            return null;
        }

        var value = pieces.Sum(p => pi[p.Expert] * p.Work - rho[p.Expert]);
        return (value, new Configuration(classIndex, pieces));
    }

    /// <summary>Merges two fronts sorted by time into one Pareto front: time ascending, value strictly increasing.</summary>
    private static List<int> Merge(List<FrontState> pool, List<int> first, List<int> second)
    {
        var merged = new List<int>(first.Count + second.Count);
        var i = 0;
        var j = 0;
        var lastValue = double.NegativeInfinity;
        while (i < first.Count || j < second.Count)
        {
            int next;
            if (j >= second.Count || (i < first.Count && Precedes(pool[first[i]], pool[second[j]])))
            {
                next = first[i++];
            }
            else
            {
                next = second[j++];
            }

            if (pool[next].Value > lastValue)
            {
                merged.Add(next);
                lastValue = pool[next].Value;
            }
        }

        return merged;
    }

    private static bool Precedes(FrontState a, FrontState b) => a.Time < b.Time || (a.Time == b.Time && a.Value >= b.Value);

    /// <summary>
    /// Replaces the states of each time bucket by one with the bucket's least time and most value (the expert chain of
    /// the most valuable state): an optimistic state, so values computed from the thinned front stay upper bounds.
    /// </summary>
    private static List<int> Thin(List<FrontState> pool, List<int> front, double makespan)
    {
        var width = makespan / (MaxFrontSize / 2);
        var thinned = new List<int>();
        var start = 0;
        while (start < front.Count)
        {
            var bucket = Math.Floor(pool[front[start]].Time / width);
            var end = start;
            while (end + 1 < front.Count && Math.Floor(pool[front[end + 1]].Time / width) == bucket)
            {
                end++;
            }

            // Values increase along the front, so the bucket's last state is its most valuable.
            pool.Add(pool[front[end]] with { Time = pool[front[start]].Time });
            thinned.Add(pool.Count - 1);
            start = end + 1;
        }

        return thinned;
    }

    private readonly record struct FrontState(double Time, double Value, int Expert, int Parent);

    private readonly record struct Candidate(double Value, int State, int Partial, double PartialWork);
}

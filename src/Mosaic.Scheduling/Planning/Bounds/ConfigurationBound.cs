namespace Mosaic.Scheduling.Planning.Bounds;

/// <summary>
/// The K-aware makespan bound: the largest C that prices (π, ρ) prove impossible, where a plan with makespan ≤ C
/// needs Σ_n V_n(C) ≥ Σ_m π_m·W_m − Σ_m ρ_m·R_m and V_n(C) is the most one worker can earn (docs/scheduling.md has
/// the proof). Prices come from the linear relaxation of the configuration model, solved by column generation with
/// GLOP; every claim is re-checked with <see cref="ConfigurationPricing"/>, so the bound never rests on the LP's
/// floating-point accuracy.
/// </summary>
internal sealed class ConfigurationBound
{
    private const double RelativeTolerance = 1e-3;
    private const int MaxEvaluations = 14;
    private const int MaxPricings = 400;

    private readonly IReadOnlyList<BoundExpert> _experts;
    private readonly IReadOnlyList<WorkerClass> _classes;
    private readonly int _maxModels;
    private readonly HashSet<(int Expert, int Class, double Work)> _singles = [];
    private int _pricings;

    private readonly Deadline _deadline;

    /// <param name="deadline">When to stop and keep the best bound proven so far (still valid, maybe weaker).</param>
    public ConfigurationBound(IReadOnlyList<BoundExpert> experts, IReadOnlyList<WorkerClass> classes, int maxModels, Deadline deadline)
    {
        _experts = experts;
        _classes = classes;
        _maxModels = maxModels;
        _deadline = deadline;
    }

    /// <summary>
    /// The bound, or <paramref name="floor"/> (a bound already known) when the prices cannot beat it by more than the
    /// tolerance; infinite when an expert fits on no worker. Precision: 0.1% of the result. The work is capped (a fixed number of pricing problems), so a hard
    /// instance gets a weaker but still valid bound, the same on every machine.
    /// </summary>
    public double Compute(double floor)
    {
        if (!(floor > 0) || _experts.Count == 0)
        {
            return floor;
        }

        // An expert with work that fits on no worker at all: no makespan is possible.
        if (Enumerable.Range(0, _experts.Count).Any(m => _experts[m].Work > 0 && _classes.All(c => !c.Fits[m])))
        {
            return double.PositiveInfinity;
        }

        using var master = new ConfigurationMaster(_experts, _classes);
        var low = floor;
        var high = double.PositiveInfinity;
        var probe = floor * (1 + RelativeTolerance);
        for (var evaluation = 0; evaluation < MaxEvaluations && _pricings < MaxPricings && !_deadline.Passed; evaluation++)
        {
            if (Prove(master, probe) is { } certificate)
            {
                low = Extend(certificate, probe, double.IsInfinity(high) ? probe * 2 : high);
                probe = double.IsInfinity(high) ? low * 1.05 : (low + high) / 2;
            }
            else
            {
                if (evaluation == 0)
                {
                    return floor;
                }

                high = probe;
                probe = (low + high) / 2;
            }

            if (high - low <= RelativeTolerance * low)
            {
                break;
            }
        }

        return low;
    }

    /// <summary>Whether <paramref name="certificate"/> proves makespan <paramref name="makespan"/> impossible.</summary>
    public bool Proves(Certificate certificate, double makespan)
    {
        var supply = 0.0;
        for (var c = 0; c < _classes.Count; c++)
        {
            supply += _classes[c].Count * Price(c, makespan, certificate.Pi, certificate.Rho).Value;
        }

        return supply < certificate.Demand * (1 - 1e-9);
    }

    /// <summary>The largest makespan in [proven, limit] the same prices still prove impossible (bisection).</summary>
    private double Extend(Certificate certificate, double proven, double limit)
    {
        if (Proves(certificate, limit))
        {
            return limit;
        }

        var low = proven;
        var high = limit;
        while (high - low > RelativeTolerance / 4 * low && !_deadline.Passed)
        {
            var mid = (low + high) / 2;
            if (Proves(certificate, mid))
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    /// <summary>
    /// Column generation at a fixed makespan. Returns prices that prove the makespan impossible, or null when the
    /// relaxation fits in the cluster (λ ≤ 1) and so cannot prove it, or when the pricing budget runs out.
    /// </summary>
    private Certificate? Prove(ConfigurationMaster master, double makespan)
    {
        // An expert that fits on no worker within the makespan is proof enough: price its work alone.
        for (var m = 0; m < _experts.Count; m++)
        {
            if (_experts[m].Work > 0 && !Enumerable.Range(0, _classes.Count).Any(c => SingleColumn(m, c, makespan) is not null))
            {
                var pi = new double[_experts.Count];
                pi[m] = 1;
                return new Certificate(pi, new double[_experts.Count], _experts[m].Work);
            }
        }

        master.SetMakespan(makespan);
        for (var m = 0; m < _experts.Count; m++)
        {
            for (var c = 0; c < _classes.Count; c++)
            {
                if (SingleColumn(m, c, makespan) is { } single && _singles.Add((m, c, single.Pieces[0].Work)))
                {
                    master.Add(single, single.Seconds(_experts, _classes[c].Speed), makespan);
                }
            }
        }

        while (_pricings < MaxPricings && !_deadline.Passed)
        {
            if (!master.Solve() || master.Lambda <= 1 + 1e-9)
            {
                return null;
            }

            // Every dual is read before the first column is added: the LP's values belong to its last solve.
            var pi = master.WorkPrices();
            var rho = master.ReplicaPrices();
            var workerPrices = Enumerable.Range(0, _classes.Count).Select(master.WorkerPrice).ToArray();
            var demand = Enumerable.Range(0, _experts.Count).Sum(m => pi[m] * _experts[m].Work - rho[m] * _experts[m].ReplicaCap);

            var supply = 0.0;
            var added = 0;
            for (var c = 0; c < _classes.Count; c++)
            {
                var priced = Price(c, makespan, pi, rho);
                supply += _classes[c].Count * priced.Value;
                var mu = workerPrices[c];
                foreach (var (value, column) in priced.Columns)
                {
                    if (value > mu + 1e-9 * Math.Max(1, mu))
                    {
                        master.Add(column, column.Seconds(_experts, _classes[c].Speed), makespan);
                        added++;
                    }
                }
            }

            if (supply < demand * (1 - 1e-9))
            {
                return new Certificate(pi, rho, demand);
            }

            if (added == 0)
            {
                return null;
            }
        }

        return null;
    }

    private PricingResult Price(int c, double makespan, IReadOnlyList<double> pi, IReadOnlyList<double> rho)
    {
        _pricings++;
        return ConfigurationPricing.Price(_experts, _classes[c], c, _maxModels, makespan, pi, rho);
    }

    /// <summary>Expert m alone on a worker of class c, with as much of its work as fits; null when nothing fits.</summary>
    private Configuration? SingleColumn(int m, int c, double makespan)
    {
        var expert = _experts[m];
        var workerClass = _classes[c];
        var room = workerClass.Speed * (makespan - expert.Load);
        if (!workerClass.Fits[m] || room < 0 || (!expert.Splittable && room < expert.Work))
        {
            return null;
        }

        return new Configuration(c, [new ConfigurationPiece(m, Math.Min(room, expert.Work))]);
    }
}

using Google.OrTools.Sat;

namespace Mosaic.Scheduling.Planning;

/// <summary>
/// The CP-SAT model of the paper's Eqs. 4–10 over the active experts (m) and workers (n):
/// Y[m,n] ∈ {0,1} (n loads m), X[m,n] ∈ {0..N_m} (prompts of m on n), C (makespan), minimise C.
/// Times are integers in units of 1/<see cref="Scale"/> s, rounded down so the proven bound stays a true bound.
/// </summary>
internal sealed class IlpModel
{
    public const long Scale = 10_000;

    private readonly IReadOnlyList<ExpertSpec> _experts;
    private readonly IReadOnlyList<WorkerSpec> _workers;
    private readonly IlpOptions _options;

    /// <param name="lowerBoundSeconds">A makespan bound of <see cref="ModelView"/>, added as a cut when the options allow.</param>
    public IlpModel(SchedulingInstance instance, IlpOptions options, double? lowerBoundSeconds = null)
    {
        _experts = instance.ActiveExperts;
        _workers = instance.Workers;
        _options = options;
        MaxModelsPerWorker = instance.MaxModelsPerWorker;
        Model = new CpModel();
        Y = new BoolVar[_experts.Count, _workers.Count];
        X = new IntVar[_experts.Count, _workers.Count];

        CreateVariables();
        AddCoverage();
        AddLinking();
        AddReplicaBounds();
        AddDistinctModelCap();
        AddMemoryCapacity();
        AddMakespan();
        AddWorkerSymmetryBreaking();
        AddLowerBoundCut(lowerBoundSeconds);
        Model.Minimize(C);
    }

    public CpModel Model { get; }

    public BoolVar[,] Y { get; }

    public IntVar[,] X { get; }

    public IntVar C { get; private set; } = null!;

    public int MaxModelsPerWorker { get; }

    /// <summary>Whether the model orders worker times, so hints must list workers busiest first.</summary>
    public bool BreaksWorkerSymmetry => WorkersAreInterchangeable();

    public long LoadUnits(int m) => (long)Math.Floor(_experts[m].LoadSeconds * Scale);

    public long PromptUnits(int m, int n)
    {
        var speed = _options.HeterogeneousWorkers ? _workers[n].Speed : 1.0;
        return (long)Math.Floor(_experts[m].MeanPromptCost * Scale / speed);
    }

    public long WorkerUnits(int[,] counts, int n)
    {
        long total = 0;
        for (var m = 0; m < _experts.Count; m++)
        {
            if (counts[m, n] > 0)
            {
                total += LoadUnits(m) + PromptUnits(m, n) * counts[m, n];
            }
        }

        return total;
    }

    private void CreateVariables()
    {
        long horizon = 0;
        for (var m = 0; m < _experts.Count; m++)
        {
            for (var n = 0; n < _workers.Count; n++)
            {
                Y[m, n] = Model.NewBoolVar($"load_m{m}_n{n}");
                X[m, n] = Model.NewIntVar(0, _experts[m].Prompts, $"count_m{m}_n{n}");
            }

            horizon += LoadUnits(m) + _experts[m].Prompts * Enumerable.Range(0, _workers.Count).Max(n => PromptUnits(m, n));
        }

        C = Model.NewIntVar(0, horizon, "makespan");
    }

    // Eq. 5 (coverage): every prompt of expert m runs exactly once.
    private void AddCoverage()
    {
        for (var m = 0; m < _experts.Count; m++)
        {
            Model.Add(LinearExpr.Sum(Row(X, m)) == _experts[m].Prompts);
        }
    }

    // Eq. 6 (linking): prompts run only where the model is loaded; a loaded model serves at least one prompt,
    // which removes useless loads from the search space without changing the optimum.
    private void AddLinking()
    {
        for (var m = 0; m < _experts.Count; m++)
        {
            for (var n = 0; n < _workers.Count; n++)
            {
                Model.Add(X[m, n] <= _experts[m].Prompts * Y[m, n]);
                Model.Add(X[m, n] >= Y[m, n]);
            }
        }
    }

    // Eq. 7 (replication bounds): 1 <= Σ_n Y[m,n] <= R^max_m.
    private void AddReplicaBounds()
    {
        for (var m = 0; m < _experts.Count; m++)
        {
            var cap = CostModel.ReplicaCap(_experts[m], _workers.Count);
            Model.AddLinearConstraint(LinearExpr.Sum(Row(Y, m)), 1, cap);
        }
    }

    // Eq. 9 (distinct-model cap): a worker loads at most K different experts.
    private void AddDistinctModelCap()
    {
        for (var n = 0; n < _workers.Count; n++)
        {
            Model.Add(LinearExpr.Sum(Column(Y, n)) <= MaxModelsPerWorker);
        }
    }

    // Extension (b): an expert that does not fit is never placed; co-resident experts must fit together.
    private void AddMemoryCapacity()
    {
        if (_options.Memory == MemoryConstraint.Off)
        {
            return;
        }

        for (var n = 0; n < _workers.Count; n++)
        {
            if (_workers[n].MemoryGb is not { } capacity)
            {
                continue;
            }

            var resident = new List<(BoolVar Var, long Megabytes)>();
            for (var m = 0; m < _experts.Count; m++)
            {
                if (_experts[m].MemoryGb is not { } need)
                {
                    continue;
                }

                if (need > capacity)
                {
                    Model.Add(Y[m, n] == 0);
                }

                resident.Add((Y[m, n], (long)Math.Ceiling(need * 1024)));
            }

            if (_options.Memory == MemoryConstraint.CoResident && resident.Count > 0)
            {
                var used = LinearExpr.WeightedSum(resident.Select(r => r.Var), resident.Select(r => r.Megabytes));
                Model.Add(used <= (long)Math.Floor(capacity * 1024));
            }
        }
    }

    // Eqs. 4 and 10 (makespan): C >= T_n = Σ_m ℓ_m·Y[m,n] + Σ_m τ_m·X[m,n] (τ_m / s_n with extension a).
    private void AddMakespan()
    {
        for (var n = 0; n < _workers.Count; n++)
        {
            Model.Add(C >= WorkerTime(n));
        }
    }

    // Interchangeable workers: any plan can be relabelled so worker times are non-increasing in n.
    private void AddWorkerSymmetryBreaking()
    {
        if (!WorkersAreInterchangeable())
        {
            return;
        }

        for (var n = 0; n + 1 < _workers.Count; n++)
        {
            Model.Add(WorkerTime(n) >= WorkerTime(n + 1));
        }
    }

    /// <summary>
    /// The instance as this model sees it: mean prompt costs, and worker speeds only with extension a. A lower bound of
    /// this view bounds the model's optimum.
    /// </summary>
    public static SchedulingInstance ModelView(SchedulingInstance instance, IlpOptions options) => instance with
    {
        Experts = instance.ActiveExperts.Select(e => e with { PerPromptSeconds = e.MeanPromptCost, PromptCosts = null, LongestPromptSeconds = null }).ToArray(),
        Workers = options.HeterogeneousWorkers ? instance.Workers : instance.Workers.Select(w => w with { Speed = 1 }).ToArray(),
    };

    // C >= LB of the model view, less the most that rounding every coefficient down can take off a worker time: the
    // solver gets the bound for free instead of proving it by search.
    private void AddLowerBoundCut(double? lowerBoundSeconds)
    {
        if (!_options.LowerBoundCut || lowerBoundSeconds is not { } bound || !double.IsFinite(bound))
        {
            return;
        }

        var roundingSlack = _experts.Sum(e => e.Prompts + 1L) + 1;
        var cut = (long)Math.Floor(bound * Scale) - roundingSlack;
        if (cut > 0)
        {
            Model.Add(C >= cut);
        }
    }

    private LinearExpr WorkerTime(int n)
    {
        var builder = LinearExpr.NewBuilder();
        for (var m = 0; m < _experts.Count; m++)
        {
            builder.AddTerm(Y[m, n], LoadUnits(m));
            builder.AddTerm(X[m, n], PromptUnits(m, n));
        }

        return builder;
    }

    private bool WorkersAreInterchangeable()
    {
        var speedMatters = _options.HeterogeneousWorkers && _workers.Select(w => w.Speed).Distinct().Count() > 1;
        var memoryMatters = _options.Memory != MemoryConstraint.Off && _workers.Select(w => w.MemoryGb).Distinct().Count() > 1;
        return !speedMatters && !memoryMatters;
    }

    private static IEnumerable<T> Row<T>(T[,] grid, int m) =>
        Enumerable.Range(0, grid.GetLength(1)).Select(n => grid[m, n]);

    private static IEnumerable<T> Column<T>(T[,] grid, int n) =>
        Enumerable.Range(0, grid.GetLength(0)).Select(m => grid[m, n]);
}

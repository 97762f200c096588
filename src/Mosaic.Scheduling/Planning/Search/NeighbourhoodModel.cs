using Google.OrTools.Sat;

namespace Mosaic.Scheduling.Planning.Search;

/// <summary>
/// The ILP restricted to a few workers B (a neighbourhood of the large-neighbourhood search): everything those
/// workers run is freed and re-placed on them, every other worker is kept. Same constraint families as
/// <see cref="IlpModel"/> (coverage of the freed prompts, linking, replica caps counting the replicas kept elsewhere,
/// K, memory), same units; the objective is the total time above a target makespan, then the longest worker in B.
/// </summary>
internal sealed class NeighbourhoodModel
{
    private const long OverflowWeight = 1_000;

    private readonly PlanningProblem _problem;
    private readonly CountPlan _plan;
    private readonly int[] _workers;
    private readonly int[] _experts;
    private readonly int[] _freed;
    private readonly long _target;

    public NeighbourhoodModel(CountPlan plan, IReadOnlyList<int> workers, double targetSeconds)
    {
        _problem = plan.Problem;
        _plan = plan;
        _workers = workers.ToArray();
        _experts = Enumerable.Range(0, _problem.ExpertCount).Where(m => _workers.Any(n => plan.Count(m, n) > 0)).ToArray();
        _freed = _experts.Select(m => _workers.Sum(n => plan.Count(m, n))).ToArray();
        _target = (long)Math.Floor(targetSeconds * IlpModel.Scale);
        Model = new CpModel();
        Y = new BoolVar[_experts.Length, _workers.Length];
        X = new IntVar[_experts.Length, _workers.Length];

        CreateVariables();
        AddCoverage();
        AddLinking();
        AddReplicaBounds();
        AddDistinctModelCap();
        AddMemory();
        AddObjective();
        AddSymmetryBreaking();
        AddHint();
    }

    public CpModel Model { get; }

    private BoolVar[,] Y { get; }

    private IntVar[,] X { get; }

    private IntVar[] Time { get; set; } = [];

    /// <summary>Writes the solver's counts for the neighbourhood into <paramref name="plan"/>.</summary>
    public void Apply(CpSolver solver, CountPlan plan)
    {
        for (var i = 0; i < _experts.Length; i++)
        {
            for (var j = 0; j < _workers.Length; j++)
            {
                plan.Remove(_experts[i], _workers[j], plan.Count(_experts[i], _workers[j]));
            }
        }

        for (var i = 0; i < _experts.Length; i++)
        {
            for (var j = 0; j < _workers.Length; j++)
            {
                plan.Add(_experts[i], _workers[j], (int)solver.Value(X[i, j]));
            }
        }
    }

    /// <summary>Worker n's current time in model units (the order the symmetry breaking checks).</summary>
    private long TimeUnits(int n) =>
        _experts.Sum(m => _plan.Count(m, n) > 0 ? LoadUnits(m) + PromptUnits(m, n) * _plan.Count(m, n) : 0);

    private long LoadUnits(int m) => (long)Math.Floor(_problem.Load[m] * IlpModel.Scale);

    private long PromptUnits(int m, int n) => (long)Math.Floor(_problem.UnitCost(m, n) * IlpModel.Scale);

    private void CreateVariables()
    {
        for (var i = 0; i < _experts.Length; i++)
        {
            for (var j = 0; j < _workers.Length; j++)
            {
                Y[i, j] = Model.NewBoolVar($"load_m{_experts[i]}_n{_workers[j]}");
                X[i, j] = Model.NewIntVar(0, _freed[i], $"count_m{_experts[i]}_n{_workers[j]}");
            }
        }
    }

    // Coverage: the freed prompts of expert m all run again inside the neighbourhood.
    private void AddCoverage()
    {
        for (var i = 0; i < _experts.Length; i++)
        {
            Model.Add(LinearExpr.Sum(Enumerable.Range(0, _workers.Length).Select(j => X[i, j])) == _freed[i]);
        }
    }

    // Linking: prompts only where the model is loaded, and a loaded model serves at least one.
    private void AddLinking()
    {
        for (var i = 0; i < _experts.Length; i++)
        {
            for (var j = 0; j < _workers.Length; j++)
            {
                Model.Add(X[i, j] <= _freed[i] * Y[i, j]);
                Model.Add(X[i, j] >= Y[i, j]);
            }
        }
    }

    // Replica caps: the replicas kept outside the neighbourhood count against R^max_m.
    private void AddReplicaBounds()
    {
        for (var i = 0; i < _experts.Length; i++)
        {
            var m = _experts[i];
            var outside = _plan.Replicas(m) - _workers.Count(n => _plan.Count(m, n) > 0);
            Model.Add(LinearExpr.Sum(Enumerable.Range(0, _workers.Length).Select(j => Y[i, j])) <= _problem.ReplicaCap[m] - outside);
        }
    }

    // K: a worker of the neighbourhood loads at most K experts (everything it ran was freed).
    private void AddDistinctModelCap()
    {
        for (var j = 0; j < _workers.Length; j++)
        {
            Model.Add(LinearExpr.Sum(Enumerable.Range(0, _experts.Length).Select(i => Y[i, j])) <= _problem.MaxModels);
        }
    }

    // Memory: an expert never goes where it does not fit; co-resident experts fit together.
    private void AddMemory()
    {
        for (var j = 0; j < _workers.Length; j++)
        {
            var n = _workers[j];
            for (var i = 0; i < _experts.Length; i++)
            {
                if (!_problem.Fits(_experts[i], n))
                {
                    Model.Add(Y[i, j] == 0);
                }
            }

            if (double.IsFinite(_problem.MemoryCapacity(n)))
            {
                var used = LinearExpr.WeightedSum(
                    Enumerable.Range(0, _experts.Length).Select(i => Y[i, j]),
                    Enumerable.Range(0, _experts.Length).Select(i => (long)Math.Ceiling(_problem.MemoryNeed(_experts[i]) * 1024)));
                Model.Add(used <= (long)Math.Floor(_problem.MemoryCapacity(n) * 1024));
            }
        }
    }

    // Objective: total time above the target (weighted), then the longest worker of the neighbourhood.
    private void AddObjective()
    {
        var horizon = Enumerable.Range(0, _experts.Length)
            .Sum(i => LoadUnits(_experts[i]) + _freed[i] * _workers.Max(n => PromptUnits(_experts[i], n)));
        Time = new IntVar[_workers.Length];
        var overflow = new IntVar[_workers.Length];
        var longest = Model.NewIntVar(0, horizon, "longest");
        for (var j = 0; j < _workers.Length; j++)
        {
            var n = _workers[j];
            var builder = LinearExpr.NewBuilder();
            for (var i = 0; i < _experts.Length; i++)
            {
                builder.AddTerm(Y[i, j], LoadUnits(_experts[i]));
                builder.AddTerm(X[i, j], PromptUnits(_experts[i], n));
            }

            Time[j] = Model.NewIntVar(0, horizon, $"time_n{n}");
            Model.Add(Time[j] == builder);
            overflow[j] = Model.NewIntVar(0, horizon, $"over_n{n}");
            Model.Add(overflow[j] >= Time[j] - _target);
            Model.Add(longest >= Time[j]);
        }

        // Never worse than the plan being improved (whose times the hint reproduces).
        var objective = LinearExpr.WeightedSum(overflow, Enumerable.Repeat(OverflowWeight, overflow.Length)) + longest;
        var times = _workers.Select(TimeUnits).ToArray();
        Model.Add(objective <= OverflowWeight * times.Sum(t => Math.Max(0, t - _target)) + times.Max());
        Model.Minimize(objective);
    }

    // Workers of the neighbourhood that look alike are interchangeable: order their times.
    private void AddSymmetryBreaking()
    {
        for (var j = 0; j + 1 < _workers.Length; j++)
        {
            if (_problem.WorkerLooksLike(_workers[j], _workers[j + 1]))
            {
                Model.Add(Time[j] >= Time[j + 1]);
            }
        }
    }

    // The current plan, with interchangeable workers relabelled busiest first to satisfy the ordering.
    private void AddHint()
    {
        var order = Enumerable.Range(0, _workers.Length).ToArray();
        var groups = new List<List<int>>();
        for (var j = 0; j < _workers.Length; j++)
        {
            if (j > 0 && _problem.WorkerLooksLike(_workers[j - 1], _workers[j]))
            {
                groups[^1].Add(j);
            }
            else
            {
                groups.Add([j]);
            }
        }

        foreach (var group in groups)
        {
            var sorted = group.OrderByDescending(j => TimeUnits(_workers[j])).ThenBy(j => j).ToArray();
            for (var k = 0; k < group.Count; k++)
            {
                order[group[k]] = sorted[k];
            }
        }

        for (var slot = 0; slot < _workers.Length; slot++)
        {
            var source = _workers[order[slot]];
            for (var i = 0; i < _experts.Length; i++)
            {
                var count = _plan.Count(_experts[i], source);
                Model.AddHint(Y[i, slot], count > 0 ? 1 : 0);
                Model.AddHint(X[i, slot], count);
            }
        }
    }
}

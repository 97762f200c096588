using Google.OrTools.LinearSolver;

namespace Mosaic.Scheduling.Planning.Bounds;

/// <summary>
/// The restricted master LP of the configuration bound, kept across makespans so GLOP can start from its last basis:
/// min λ s.t. Σ_s w_{m,s}·z_s + short_m ≥ W_m (cover), Σ_{s∋m} z_s ≤ R_m (cap), Σ_{s of class c} z_s ≤ λ·N_c (class),
/// minimising λ + Σ_m short_m·10³/W_m. A column whose configuration is too long for the current makespan is fixed at 0.
/// The shortfall variables keep the LP feasible when the caps cannot cover an expert; their cost only caps π_m.
/// </summary>
internal sealed class ConfigurationMaster : IDisposable
{
    private readonly Solver _solver;
    private readonly Variable _lambda;
    private readonly Constraint[] _cover;
    private readonly Constraint[] _cap;
    private readonly Constraint[] _classRows;
    private readonly List<(Variable Z, double Seconds)> _columns = [];

    /// <summary>Set by a change to the LP: GLOP's values and duals then belong to the LP before it (OR-Tools logs an error and answers 0).</summary>
    private bool _changed = true;

    public ConfigurationMaster(IReadOnlyList<BoundExpert> experts, IReadOnlyList<WorkerClass> classes)
    {
        _solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("OR-Tools has no GLOP solver");
        _lambda = _solver.MakeNumVar(0, double.PositiveInfinity, "lambda");
        var objective = _solver.Objective();
        objective.SetCoefficient(_lambda, 1);
        objective.SetMinimization();

        _cover = new Constraint[experts.Count];
        _cap = new Constraint[experts.Count];
        for (var m = 0; m < experts.Count; m++)
        {
            _cover[m] = _solver.MakeConstraint(experts[m].Work, double.PositiveInfinity, $"cover_m{m}");
            _cap[m] = _solver.MakeConstraint(double.NegativeInfinity, experts[m].ReplicaCap, $"cap_m{m}");
            var shortfall = _solver.MakeNumVar(0, double.PositiveInfinity, $"short_m{m}");
            _cover[m].SetCoefficient(shortfall, 1);
            objective.SetCoefficient(shortfall, 1e3 / Math.Max(experts[m].Work, 1e-9));
        }

        _classRows = new Constraint[classes.Count];
        for (var c = 0; c < classes.Count; c++)
        {
            _classRows[c] = _solver.MakeConstraint(double.NegativeInfinity, 0, $"class_c{c}");
            _classRows[c].SetCoefficient(_lambda, -classes[c].Count);
        }
    }

    public double Lambda => Solved(() => _lambda.SolutionValue());

    public void Add(Configuration column, double seconds, double makespan)
    {
        var z = _solver.MakeNumVar(0, Fits(seconds, makespan) ? double.PositiveInfinity : 0, "");
        _classRows[column.Class].SetCoefficient(z, 1);
        foreach (var piece in column.Pieces)
        {
            _cover[piece.Expert].SetCoefficient(z, piece.Work);
            _cap[piece.Expert].SetCoefficient(z, 1);
        }

        _columns.Add((z, seconds));
        _changed = true;
    }

    /// <summary>Opens the columns that fit in <paramref name="makespan"/> and closes the others.</summary>
    public void SetMakespan(double makespan)
    {
        foreach (var (z, seconds) in _columns)
        {
            z.SetUb(Fits(seconds, makespan) ? double.PositiveInfinity : 0);
        }

        _changed = true;
    }

    public bool Solve()
    {
        _changed = false;
        return _solver.Solve() == Solver.ResultStatus.OPTIMAL;
    }

    /// <summary>π_m: the value of a second of expert m's work.</summary>
    public double[] WorkPrices() => Solved(() => _cover.Select(row => Math.Max(0, row.DualValue())).ToArray());

    /// <summary>ρ_m: the cost of one more replica of expert m.</summary>
    public double[] ReplicaPrices() => Solved(() => _cap.Select(row => Math.Max(0, -row.DualValue())).ToArray());

    /// <summary>μ_c: the value of one more worker of class c.</summary>
    public double WorkerPrice(int c) => Solved(() => Math.Max(0, -_classRows[c].DualValue()));

    public void Dispose() => _solver.Dispose();

    private T Solved<T>(Func<T> read) => _changed
        ? throw new InvalidOperationException("the master LP changed since it was last solved; read its values before adding columns")
        : read();

    private static bool Fits(double seconds, double makespan) => seconds <= makespan * (1 + 1e-12);
}

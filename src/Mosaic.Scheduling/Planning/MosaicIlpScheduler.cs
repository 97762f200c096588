using System.Diagnostics;
using System.Globalization;
using Google.OrTools.Sat;
using Mosaic.Scheduling.Baselines;
using Mosaic.Scheduling.Planning.Search;

namespace Mosaic.Scheduling.Planning;

/// <summary>
/// MOSAIC's planner: the placement-and-count ILP solved with CP-SAT within the time limit. Before the full solve it
/// builds warm starts — restricted LPT, the K-aware packing (<see cref="PackingPlanner"/>), a placement by matching
/// when neither fits, and a local search on the best — and, on models larger than the paper's, spends part of the
/// time in a large-neighbourhood search that re-solves the ILP on a few workers at a time. The full model then starts
/// from the best plan found. The result is never worse than any of these plans, in particular never worse than LPT
/// when LPT satisfies the same constraints; its bound is the larger of the K-aware lower bound and the solver's.
/// </summary>
public sealed class MosaicIlpScheduler(IlpOptions? options = null) : IScheduler
{
    /// <summary>Models up to this many (expert, worker) pairs are the paper's size: the full solve gets all the time.</summary>
    private const int PaperScale = 48;

    /// <summary>Share of the time limit the K-aware lower bound may use (it stops with a weaker, still valid bound).</summary>
    private const double BoundShare = 0.25;

    /// <summary>Share of the time left after the warm starts that the neighbourhood search may use on larger models.</summary>
    private const double NeighbourhoodShare = 0.6;

    private readonly IlpOptions _options = (options ?? new IlpOptions()).Validate();

    public string Name => "mosaic";

    public SchedulePlan Plan(SchedulingInstance instance)
    {
        var stopwatch = Stopwatch.StartNew();
        var lowerBound = LowerBound.For(IlpModel.ModelView(instance, _options), _options.Memory, Deadline.In(_options.TimeLimit * BoundShare));
        var bound = lowerBound.Seconds;
        if (double.IsPositiveInfinity(bound))
        {
            return SchedulePlan.Infeasible(Name, stopwatch.Elapsed);
        }

        // The K-aware term as a cut made CP-SAT about 30% slower on small random models (200 of them: 13.7–16.8 s of
        // CPU against 10.3–11.7 s with the classic cut), so paper-sized models keep the classic cut; the K-aware bound
        // still goes into the bound returned with the plan.
        var large = instance.ActiveExperts.Count * instance.Workers.Count > PaperScale;
        var ilp = new IlpModel(instance, _options, large ? bound : lowerBound.ClassicSeconds);
        var fallbacks = new List<SchedulePlan>();
        if (_options.WarmStart && WarmStart(instance, bound, stopwatch, fallbacks) is { } incumbent)
        {
            fallbacks.Add(Assemble(incumbent.ToArray(), instance, PlanStatus.Feasible, bound, stopwatch));
            AddHint(ilp, incumbent.ToArray());
        }

        var remaining = _options.TimeLimit - stopwatch.Elapsed;
        if (remaining <= TimeSpan.Zero && fallbacks.Count > 0)
        {
            return Best(fallbacks, PlanStatus.Feasible, bound, stopwatch);
        }

        return Solve(instance, ilp, remaining, bound, fallbacks, stopwatch);
    }

    /// <summary>
    /// The best plan the heuristics find (model constraints checked), or null when none satisfies them. Restricted
    /// LPT goes into <paramref name="fallbacks"/> as it is, since prompt-level LPT can beat its own counts in seconds;
    /// so do data parallelism and round robin when they satisfy the model, so that a solve the time limit cuts short
    /// never returns a plan worse than a baseline that costs microseconds (a loaded CI machine found one).
    /// </summary>
    private CountPlan? WarmStart(SchedulingInstance instance, double bound, Stopwatch stopwatch, List<SchedulePlan> fallbacks)
    {
        var problem = new PlanningProblem(instance, _options);
        CountPlan? incumbent = null;
        var lpt = new LptScheduler().Plan(instance);
        if (PlanCounts.SatisfiesIlpConstraints(lpt, instance, _options.Memory))
        {
            fallbacks.Add(lpt);
            incumbent = new CountPlan(problem, PlanCounts.Of(lpt, instance));
        }

        foreach (var baseline in new IScheduler[] { new DataParallelScheduler(), new RoundRobinScheduler() }.Select(s => s.Plan(instance)))
        {
            if (PlanCounts.SatisfiesIlpConstraints(baseline, instance, _options.Memory))
            {
                fallbacks.Add(baseline);
            }
        }

        // At the paper's size the full solve proves optimality in tens of milliseconds from any feasible hint, and the
        // LPT hint proved fastest there (a better hint made MedMCQA's proof slower): the heuristics run on larger
        // models, or when LPT breaks a constraint.
        var large = problem.ExpertCount * problem.WorkerCount > PaperScale;
        if (!large && incumbent is not null)
        {
            return incumbent;
        }

        var ceiling = incumbent?.Makespan ?? double.PositiveInfinity;
        if (PackingPlanner.Plan(problem, bound, ceiling, Deadline.In(_options.TimeLimit - stopwatch.Elapsed)) is { } packed
            && packed.IsComplete() && packed.Makespan < ceiling)
        {
            incumbent = packed;
        }

        incumbent ??= MatchingPlan(problem);
        if (incumbent is null || !incumbent.IsComplete())
        {
            return null;
        }

        incumbent = Checked(incumbent, LocalSearch.Improve(incumbent, Deadline.In(_options.TimeLimit - stopwatch.Elapsed)));
        var left = _options.TimeLimit - stopwatch.Elapsed;
        if (large && left > TimeSpan.Zero)
        {
            incumbent = Checked(incumbent, new NeighbourhoodSearch(problem, _options.Seed).Improve(incumbent, bound, left * NeighbourhoodShare));
        }

        return incumbent;
    }

    /// <summary>The full model for the time left, then the best of its plan and the warm starts.</summary>
    private SchedulePlan Solve(
        SchedulingInstance instance, IlpModel ilp, TimeSpan limit, double bound, List<SchedulePlan> fallbacks, Stopwatch stopwatch)
    {
        var experts = instance.ActiveExperts;
        var solver = new CpSolver { StringParameters = SolverParameters(experts.Count * instance.Workers.Count, limit) };
        var status = solver.Solve(ilp.Model);

        if (status is CpSolverStatus.ModelInvalid)
        {
            throw new InvalidOperationException($"CP-SAT rejected the model: {ilp.Model.Validate()}");
        }

        if (status is CpSolverStatus.Infeasible)
        {
            // A warm start satisfies every constraint of the model, so the model cannot be infeasible when one exists.
            return fallbacks.Count > 0
                ? throw new InvalidOperationException("CP-SAT reported infeasible although a plan satisfying the model exists")
                : SchedulePlan.Infeasible(Name, stopwatch.Elapsed);
        }

        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
        {
            return fallbacks.Count > 0
                ? Best(fallbacks, PlanStatus.Feasible, bound, stopwatch)
                : throw new TimeoutException(
                    $"CP-SAT found no plan within {_options.TimeLimit.TotalMilliseconds:0} ms and no warm start was available");
        }

        var proven = Math.Max(bound, solver.BestObjectiveBound / IlpModel.Scale);
        var counts = new int[experts.Count, instance.Workers.Count];
        for (var m = 0; m < experts.Count; m++)
        {
            for (var n = 0; n < instance.Workers.Count; n++)
            {
                counts[m, n] = (int)solver.Value(ilp.X[m, n]);
            }
        }

        var planStatus = status == CpSolverStatus.Optimal ? PlanStatus.Optimal : PlanStatus.Feasible;

        // Rounding to solver units can favour a plan that is marginally worse in seconds; keep the better one.
        fallbacks.Insert(0, Assemble(counts, instance, planStatus, proven, stopwatch));
        return Best(fallbacks, planStatus, proven, stopwatch);
    }

    /// <summary>
    /// Every expert whole on one worker it fits on, at most K per worker (<see cref="SlotMatching"/>): the warm start
    /// of last resort, which exists whenever the model is feasible under each-fits memory.
    /// </summary>
    private static CountPlan? MatchingPlan(PlanningProblem problem)
    {
        var sizes = Enumerable.Range(0, problem.ExpertCount).Select(m => problem.SessionSeconds(m, 0, problem.Prompts[m])).ToArray();
        if (SlotMatching.Assign(problem.ExpertCount, problem.WorkerCount, problem.Fits, problem.MaxModels, sizes) is not { } owner)
        {
            return null;
        }

        var plan = new CountPlan(problem);
        for (var m = 0; m < problem.ExpertCount; m++)
        {
            plan.Add(m, owner[m], problem.Prompts[m]);
        }

        return plan.IsComplete() ? plan : null;
    }

    /// <summary>The improved plan when it keeps every constraint of the model (the searches should), else the one before.</summary>
    private static CountPlan Checked(CountPlan before, CountPlan improved) =>
        improved.IsComplete() && improved.Makespan <= before.Makespan ? improved : before;

    private SchedulePlan Assemble(int[,] counts, SchedulingInstance instance, PlanStatus status, double bound, Stopwatch stopwatch)
    {
        var workers = PlanAssembler.FromCounts(instance.ActiveExperts, instance.Workers, counts, _options.PerPromptAssignment);
        return new SchedulePlan(Name, status, workers, PlanMetrics.Makespan(workers), bound, stopwatch.Elapsed);
    }

    /// <summary>The plan with the shortest makespan (the first on ties), under this scheduler's name, status and bound.</summary>
    private SchedulePlan Best(IReadOnlyList<SchedulePlan> plans, PlanStatus status, double bound, Stopwatch stopwatch)
    {
        var best = plans.Aggregate((a, b) => b.MakespanSeconds < a.MakespanSeconds ? b : a);
        return best with { Scheduler = Name, Status = status, BestBoundSeconds = bound, SolveTime = stopwatch.Elapsed };
    }

    private string SolverParameters(int modelSize, TimeSpan limit)
    {
        var workers = _options.SearchWorkers > 0 ? _options.SearchWorkers : modelSize <= PaperScale ? 1 : 2;
        var extra = _options.SolverParameters ?? (modelSize <= 32 ? "linearization_level:2" : "");
        return string.Create(CultureInfo.InvariantCulture,
            $"max_time_in_seconds:{Math.Max(limit.TotalSeconds, 0.001)} num_workers:{workers} random_seed:{_options.Seed} catch_sigint_signal:false"
            + $"{(workers > 1 ? " interleave_search:true" : "")} {extra}");
    }

    private static void AddHint(IlpModel ilp, int[,] counts)
    {
        var experts = counts.GetLength(0);
        var workers = counts.GetLength(1);
        var order = Enumerable.Range(0, workers).ToArray();
        if (ilp.BreaksWorkerSymmetry)
        {
            order = order.OrderByDescending(n => ilp.WorkerUnits(counts, n)).ThenBy(n => n).ToArray();
        }

        long makespan = 0;
        for (var slot = 0; slot < workers; slot++)
        {
            var source = order[slot];
            for (var m = 0; m < experts; m++)
            {
                ilp.Model.AddHint(ilp.Y[m, slot], counts[m, source] > 0 ? 1 : 0);
                ilp.Model.AddHint(ilp.X[m, slot], counts[m, source]);
            }

            makespan = Math.Max(makespan, ilp.WorkerUnits(counts, source));
        }

        ilp.Model.AddHint(ilp.C, makespan);
    }
}

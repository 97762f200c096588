using System.Diagnostics;
using System.Globalization;
using Google.OrTools.Sat;
using Mosaic.Scheduling.Baselines;

namespace Mosaic.Scheduling.Planning;

/// <summary>
/// MOSAIC's planner: solves the placement-and-count ILP with CP-SAT, warm-started from restricted LPT, and never
/// returns a plan worse than that LPT plan when the LPT plan satisfies the same constraints.
/// </summary>
public sealed class MosaicIlpScheduler(IlpOptions? options = null) : IScheduler
{
    private readonly IlpOptions _options = (options ?? new IlpOptions()).Validate();

    public string Name => "mosaic";

    public SchedulePlan Plan(SchedulingInstance instance)
    {
        var stopwatch = Stopwatch.StartNew();
        var experts = instance.ActiveExperts;
        var ilp = new IlpModel(instance, _options);

        SchedulePlan? warm = null;
        if (_options.WarmStart)
        {
            warm = new LptScheduler().Plan(instance);
            if (PlanCounts.SatisfiesIlpConstraints(warm, instance, _options.Memory))
            {
                AddHint(ilp, PlanCounts.Of(warm, instance));
            }
            else
            {
                warm = null;
            }
        }

        var solver = new CpSolver { StringParameters = SolverParameters(experts.Count * instance.Workers.Count) };
        var status = solver.Solve(ilp.Model);

        if (status is CpSolverStatus.Infeasible)
        {
            return SchedulePlan.Infeasible(Name, stopwatch.Elapsed);
        }

        if (status is CpSolverStatus.ModelInvalid)
        {
            throw new InvalidOperationException($"CP-SAT rejected the model: {ilp.Model.Validate()}");
        }

        var bound = solver.BestObjectiveBound / IlpModel.Scale;
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
        {
            if (warm is null)
            {
                throw new TimeoutException(
                    $"CP-SAT found no plan within {_options.TimeLimit.TotalMilliseconds:0} ms and no warm start was available");
            }

            return warm with { Scheduler = Name, Status = PlanStatus.Feasible, BestBoundSeconds = bound, SolveTime = stopwatch.Elapsed };
        }

        var counts = new int[experts.Count, instance.Workers.Count];
        for (var m = 0; m < experts.Count; m++)
        {
            for (var n = 0; n < instance.Workers.Count; n++)
            {
                counts[m, n] = (int)solver.Value(ilp.X[m, n]);
            }
        }

        var workers = PlanAssembler.FromCounts(experts, instance.Workers, counts, _options.PerPromptAssignment);
        var makespan = PlanMetrics.Makespan(workers);
        var planStatus = status == CpSolverStatus.Optimal ? PlanStatus.Optimal : PlanStatus.Feasible;

        if (warm is not null && warm.MakespanSeconds < makespan)
        {
            // Rounding to solver units can favour a plan that is marginally worse in seconds; keep the better one.
            return warm with { Scheduler = Name, Status = planStatus, BestBoundSeconds = bound, SolveTime = stopwatch.Elapsed };
        }

        return new SchedulePlan(Name, planStatus, workers, makespan, bound, stopwatch.Elapsed);
    }

    private string SolverParameters(int modelSize)
    {
        var workers = _options.SearchWorkers > 0 ? _options.SearchWorkers : modelSize <= 48 ? 1 : 2;
        var extra = _options.SolverParameters ?? (modelSize <= 32 ? "linearization_level:2" : "");
        return string.Create(CultureInfo.InvariantCulture,
            $"max_time_in_seconds:{_options.TimeLimit.TotalSeconds} num_workers:{workers} random_seed:{_options.Seed}"
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

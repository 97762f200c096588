using System.Diagnostics;

namespace Mosaic.Scheduling.Planning;

/// <summary>
/// Plans the remaining work of a job on the workers still available, within a time limit: the entry point the serving
/// layer calls when a worker leaves or the plan has drifted. It raises K to the smallest value at which every expert
/// with work left can be placed on a worker it fits on (<see cref="Search.SlotMatching"/>), solves the remaining
/// instance with <see cref="MosaicIlpScheduler"/> under the memory constraint, and maps prompt ids back to the
/// instance's numbering. Pure: no clock other than the time limit, no I/O.
/// </summary>
public sealed class Replanner(ReplannerOptions? options = null)
{
    private readonly ReplannerOptions _options = (options ?? new ReplannerOptions()).Validate();

    public ReplanResult Plan(ReplanRequest request)
    {
        var stopwatch = Stopwatch.StartNew();
        var remaining = RemainingExperts(request);
        var workers = AvailableWorkers(request);
        if (remaining.Count == 0)
        {
            var idle = workers.Select(w => new WorkerPlan(w.Id, [])).ToArray();
            return new ReplanResult(
                new SchedulePlan("mosaic", PlanStatus.Optimal, idle, 0, 0, stopwatch.Elapsed), request.Instance.MaxModelsPerWorker, 0, null);
        }

        if (workers.Count == 0)
        {
            return Infeasible(request, $"{remaining.Count} expert(s) have prompts left but no worker is available", stopwatch);
        }

        var experts = remaining.Select(r => r.Spec).ToArray();
        bool Fits(int m, int n) => _options.Memory == MemoryConstraint.Off
            || experts[m].MemoryGb is not { } need || workers[n].MemoryGb is not { } capacity || need <= capacity;

        var minimumK = Math.Max(request.Instance.MaxModelsPerWorker, (experts.Length + workers.Count - 1) / workers.Count);
        if (Search.SlotMatching.SmallestFeasibleK(experts.Length, workers.Count, Fits, minimumK) is not { } k)
        {
            var homeless = Enumerable.Range(0, experts.Length).First(m => Enumerable.Range(0, workers.Count).All(n => !Fits(m, n)));
            return Infeasible(
                request,
                $"expert '{experts[homeless].Name}' needs {experts[homeless].MemoryGb} GB of GPU memory and no available worker has that much",
                stopwatch);
        }

        var instance = new SchedulingInstance($"{request.Instance.Name}-replan", experts, workers, k).Validate();
        var plan = new MosaicIlpScheduler(new IlpOptions
        {
            TimeLimit = _options.TimeLimit - stopwatch.Elapsed > TimeSpan.Zero ? _options.TimeLimit - stopwatch.Elapsed : TimeSpan.FromMilliseconds(1),
            Memory = _options.Memory,
            HeterogeneousWorkers = _options.HeterogeneousWorkers,
            PerPromptAssignment = _options.PerPromptAssignment,
            Seed = _options.Seed,
        }).Plan(instance);

        if (plan.Status == PlanStatus.Infeasible)
        {
            return Infeasible(request, "the experts left cannot share the available workers' memory", stopwatch);
        }

        var ids = remaining.ToDictionary(r => r.Spec.Name, r => r.Ids, StringComparer.Ordinal);
        var translated = plan.Workers.Select(w => w with
        {
            Sessions = w.Sessions.Select(s => s with { PromptIds = s.PromptIds.Select(q => ids[s.Expert][q]).Order().ToArray() }).ToArray(),
        }).ToArray();
        // The planner's bound is about the model's view (mean prompt costs, speeds only with extension a); where that
        // view is not the instance itself, LowerBound of the instance bounds the plan's actual makespan instead.
        var modelIsExact = experts.All(e => e.PromptCosts is null) && (_options.HeterogeneousWorkers || workers.All(w => w.Speed == 1));
        var bound = modelIsExact && plan.BestBoundSeconds is { } proven
            ? proven
            : LowerBound.For(instance, _options.Memory, Deadline.In(_options.TimeLimit / 10)).Seconds;

        return new ReplanResult(plan with { Workers = translated, SolveTime = stopwatch.Elapsed }, k, bound, null);
    }

    /// <summary>
    /// The experts with prompts left, in the instance's order, each cut down to those prompts (their costs when the
    /// instance has per-prompt costs; the longest-prompt hint is dropped, as that prompt may be done).
    /// </summary>
    private static List<(ExpertSpec Spec, int[] Ids)> RemainingExperts(ReplanRequest request)
    {
        var byName = request.Instance.Experts.ToDictionary(e => e.Name, StringComparer.Ordinal);
        foreach (var name in request.RemainingPrompts.Keys.Where(name => !byName.ContainsKey(name)))
        {
            throw new InvalidInstanceException($"re-plan: unknown expert '{name}' in the remaining prompts");
        }

        var result = new List<(ExpertSpec, int[])>();
        foreach (var expert in request.Instance.Experts)
        {
            if (!request.RemainingPrompts.TryGetValue(expert.Name, out var list) || list.Count == 0)
            {
                continue;
            }

            var ids = list.ToArray();
            if (ids.Any(q => q < 0 || q >= expert.Prompts) || ids.Distinct().Count() != ids.Length)
            {
                throw new InvalidInstanceException(
                    $"re-plan: expert '{expert.Name}' remaining prompt ids must be distinct and within 0..{expert.Prompts - 1}");
            }

            var spec = expert with
            {
                Prompts = ids.Length,
                PromptCosts = expert.PromptCosts is { } costs ? ids.Select(q => costs[q]).ToArray() : null,
                LongestPromptSeconds = null,
            };
            result.Add((spec, ids));
        }

        return result;
    }

    private static List<WorkerSpec> AvailableWorkers(ReplanRequest request)
    {
        var available = new HashSet<string>(request.AvailableWorkers, StringComparer.Ordinal);
        foreach (var id in available.Where(id => request.Instance.Workers.All(w => w.Id != id)))
        {
            throw new InvalidInstanceException($"re-plan: unknown worker '{id}' among the available workers");
        }

        return request.Instance.Workers.Where(w => available.Contains(w.Id)).ToList();
    }

    private static ReplanResult Infeasible(ReplanRequest request, string problem, Stopwatch stopwatch) =>
        new(SchedulePlan.Infeasible("mosaic", stopwatch.Elapsed), request.Instance.MaxModelsPerWorker, double.PositiveInfinity, problem);
}

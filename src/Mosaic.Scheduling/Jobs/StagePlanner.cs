using Mosaic.Scheduling.Planning;

namespace Mosaic.Scheduling.Jobs;

/// <summary>
/// Plans a job's expert calls: counts each expert's calls (experts in first-seen order, as the paper's round robin
/// takes them), plans with the chosen scheduler, checks every session fits its worker's memory, and maps the plan's
/// prompt ids back to calls. The same function makes first plans and re-plans of the remaining calls.
/// </summary>
public static class StagePlanner
{
    /// <exception cref="InvalidInstanceException">No plan fits the workers (K too small, or memory), named in one line.</exception>
    public static StagePlan Plan(StagePlanRequest request)
    {
        if (request.Workers.Count == 0)
        {
            throw new InvalidInstanceException("no worker silos are in the cluster");
        }

        var callsOf = new Dictionary<string, List<RoutedCall>>(StringComparer.Ordinal);
        foreach (var call in request.Calls)
        {
            if (!callsOf.TryGetValue(call.Expert, out var list))
            {
                callsOf[call.Expert] = list = [];
            }

            list.Add(call);
        }

        if (callsOf.Count == 0)
        {
            return Empty(request);
        }

        var experts = callsOf.Select(p => ToSpec(request.Experts[p.Key], p.Value.Count)).ToArray();
        var memoryKnown = experts.Any(e => e.MemoryGb is not null) && request.Workers.Any(w => w.MemoryGb is not null);
        var memory = memoryKnown ? MemoryConstraint.FitEach : MemoryConstraint.Off;
        if (request.RaiseModelsPerWorker)
        {
            return Replan(request, experts, memory, callsOf);
        }

        // Fewer live workers than K assumed (one GPU, or a silo lost before the job came): K is raised to the least that
        // places every expert, as a re-plan raises it, instead of refusing a job the cluster can run; memory still bounds it.
        var k = Math.Max(request.ModelsPerWorker, (experts.Length + request.Workers.Count - 1) / request.Workers.Count);
        var instance = new SchedulingInstance("job", experts, request.Workers, k).Validate();
        var schedule = SchedulerCatalog.Resolve(request.Scheduler, request.Ilp with { Memory = memory }).Single().Plan(instance);
        if (schedule.Status == PlanStatus.Infeasible)
        {
            throw new InvalidInstanceException("no plan fits this cluster: an expert needs more GPU memory than the workers have");
        }

        CheckMemory(schedule, request);
        return new StagePlan(schedule, LowerBound.For(instance), k, schedule.Workers.Select(w => ToWorker(w, callsOf)).ToArray());
    }

    /// <summary>
    /// Remaining work after a loss, a join or a restart: the ILP on the live workers with K raised just enough that every
    /// expert fits somewhere (<see cref="Replanner"/>), memory respected, within the time limit.
    /// </summary>
    private static StagePlan Replan(StagePlanRequest request, ExpertSpec[] experts, MemoryConstraint memory, Dictionary<string, List<RoutedCall>> callsOf)
    {
        var instance = new SchedulingInstance("job", experts, request.Workers, request.ModelsPerWorker);
        var remaining = experts.ToDictionary(e => e.Name, e => (IReadOnlyList<int>)Enumerable.Range(0, e.Prompts).ToArray(), StringComparer.Ordinal);
        var result = new Replanner(new ReplannerOptions { TimeLimit = request.Ilp.TimeLimit, Memory = memory })
            .Plan(new ReplanRequest(instance, remaining, request.Workers.Select(w => w.Id).ToArray()));
        if (result.Problem is { } problem)
        {
            throw new InvalidInstanceException($"no plan fits this cluster: {problem}");
        }

        var bound = new LowerBound(result.LowerBoundSeconds, 0, 0, 0, 0);
        return new StagePlan(result.Plan, bound, result.MaxModelsPerWorker, result.Plan.Workers.Select(w => ToWorker(w, callsOf)).ToArray());
    }

    /// <summary>The planner's view of an expert with <paramref name="calls"/> calls: τ = T̂(N)/N from its profile.</summary>
    public static ExpertSpec ToSpec(Profiling.ExpertProfile profile, int calls) => new(
        profile.Expert, profile.Kind, profile.LoadSeconds, profile.PerPromptSeconds(calls), calls, profile.MemoryGb, profile.MeanOutputTokens,
        profile.SingleStreamSecondsPerToken > 0 ? profile.LongestSinglePromptSeconds : null);

    /// <summary>Baseline schedulers ignore memory; no plan may put a model on a GPU too small to hold it.</summary>
    private static void CheckMemory(SchedulePlan schedule, StagePlanRequest request)
    {
        foreach (var worker in schedule.Workers)
        {
            var capacity = request.Workers.First(w => w.Id == worker.Worker).MemoryGb;
            foreach (var session in worker.Sessions)
            {
                if (capacity is { } have && request.Experts[session.Expert].MemoryGb is { } need && need > have)
                {
                    throw new InvalidInstanceException(
                        $"no plan fits this cluster: expert '{session.Expert}' needs {need} GB of GPU memory, worker '{worker.Worker}' has {have} GB");
                }
            }
        }
    }

    private static StageWorker ToWorker(WorkerPlan worker, IReadOnlyDictionary<string, List<RoutedCall>> callsOf)
    {
        var sessions = new List<StageSession>(worker.Sessions.Count);
        var clock = 0.0;
        foreach (var session in worker.Sessions)
        {
            var calls = session.PromptIds.Select(id => callsOf[session.Expert][id]).ToArray();
            sessions.Add(new StageSession(session.Expert, calls, clock, clock + session.BusySeconds, session.LoadSeconds));
            clock += session.BusySeconds;
        }

        return new StageWorker(worker.Worker, sessions, worker.BusySeconds);
    }

    private static StagePlan Empty(StagePlanRequest request) => new(
        new SchedulePlan(request.Scheduler, PlanStatus.Optimal, request.Workers.Select(w => new WorkerPlan(w.Id, [])).ToArray(), 0, 0, TimeSpan.Zero),
        new LowerBound(0, 0, 0, 0, 0),
        request.ModelsPerWorker,
        request.Workers.Select(w => new StageWorker(w.Id, [], 0)).ToArray());
}

using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation;
using Mosaic.Grains.Aggregation;
using Mosaic.Grains.Devices;
using Mosaic.Grains.Hosting;
using Mosaic.Grains.Queries;
using Mosaic.Scheduling;
using Mosaic.Scheduling.Jobs;
using Mosaic.Scheduling.Planning;
using Mosaic.Scheduling.Profiling;

namespace Mosaic.Grains.Jobs;

/// <summary>Maps between a job's wire types and the planner's: calls to plan, the request, and a plan turned into sessions and dispatch shards.</summary>
internal static class JobPlanning
{
    /// <summary>About 256 questions' calls per message to a query grain.</summary>
    private const int ShardCalls = 768;

    /// <summary>Every call the job runs: one per slot, except slots that share an earlier slot's call (<see cref="SharedSlots"/>).</summary>
    public static IReadOnlyList<RoutedCall> AllCalls(JobSpec spec) =>
        spec.Questions.SelectMany((q, i) => q.Experts
                .Select((expert, slot) => new RoutedCall(i, slot, expert))
                .Where(call => SharedSlots.RunsCall(spec, q, call.Slot)))
            .ToArray();

    public static IReadOnlyList<RoutedCall> Calls(JobSpec spec, IReadOnlyList<PendingCall> pending) =>
        pending.Select(p => new RoutedCall(p.QuestionIndex, p.Slot, spec.Questions[p.QuestionIndex].Experts[p.Slot])).ToArray();

    /// <summary>
    /// The plan's expert stage with the gate's early decisions priced (each slot's chance of a right answer is its
    /// expert's accuracy on the question's skill in the job's router table; a job without early decisions, a router or
    /// skills keeps the plan's makespan), and the slowest worker's expected delay at the workers' <paramref name="spread"/>.
    /// The workers' engines run <paramref name="batchWidth"/> calls at a time, so a call takes longer to finish, and is
    /// cancelled later, than its share of its session.
    /// </summary>
    public static ExpertStageForecast Forecast(StagePlan plan, JobSpec spec, double spread, int batchWidth)
    {
        if (!spec.Gate.EarlyDecisions || spec.Router is not { } router)
        {
            return ExpertStageForecast.Unchanged(plan).WithSpread(spread);
        }

        var questions = spec.Questions.Select(q => new ForecastQuestion(
                q.Experts,
                q.Experts.Select((_, slot) => SharedSlots.LeaderOf(spec, q, slot)).ToArray(),
                SkillAccuracy(router, q)))
            .ToArray();
        return EarlyDecisionForecaster.Forecast(plan, questions, JobValidator.Settings(spec.Gate), earlyDecisions: true, batchWidth).WithSpread(spread);
    }

    private static double[]? SkillAccuracy(RouterSpec router, QuestionSpec question)
    {
        if (question.Skill is not { } skill)
        {
            return null;
        }

        var accuracy = new double[question.Experts.Count];
        for (var slot = 0; slot < accuracy.Length; slot++)
        {
            if (!router.SkillAccuracy.TryGetValue(question.Experts[slot], out var bySkill) || !bySkill.TryGetValue(skill, out accuracy[slot]))
            {
                return null;
            }
        }

        return accuracy;
    }

    public static StagePlanRequest Request(
        IReadOnlyList<RoutedCall> calls, JobSpec spec, IReadOnlyDictionary<string, ExpertProfile> profiles,
        IReadOnlyList<WorkerSpec> workers, MosaicGrainsOptions options, bool raiseModelsPerWorker) => new(
        calls, profiles, workers, options.MaxModelsPerWorker, EnumNames<SchedulerKind>.NameOf(spec.Scheduler),
        new IlpOptions { TimeLimit = TimeSpan.FromMilliseconds(options.PlanTimeLimitMs) }, raiseModelsPerWorker);

    /// <summary>A worker's planned expert sessions in order, then the job's open-ended aggregator session (when it has an aggregator).</summary>
    public static IReadOnlyList<SessionPlan> Sessions(StageWorker worker, JobSpec spec)
    {
        var sessions = worker.Sessions.Select(s => new SessionPlan(s.Expert, s.Calls.Select(c => new CallKey(spec.Questions[c.QuestionIndex].Id, c.Slot)).ToArray()));
        return (spec.Aggregator is { } aggregator ? sessions.Append(new SessionPlan(aggregator, null)) : sessions).ToArray();
    }

    /// <summary>
    /// The plan's calls in the order the workers are planned to run them, in shards of <see cref="ShardCalls"/> calls
    /// (each shard's calls grouped by question, slots in order). Each worker receives its calls session by session, in
    /// session order, and the workers' calls are interleaved by planned start, so a device gets the calls of the session
    /// it is running first and holds few calls of later sessions. Sent in question order instead, every question's
    /// calls would arrive at once and the calls of a worker's later sessions would wait on it for most of the dispatch:
    /// a 100,000-question job held nearly all its requests in the devices' queues at its peak.
    /// </summary>
    public static IEnumerable<DispatchWork> Shards(StagePlan plan, JobSpec spec, string jobId, int generation)
    {
        var count = plan.Workers.Sum(w => w.Sessions.Sum(s => s.Calls.Count));
        var planned = new double[count];
        var calls = new (int Question, CallPlacement Call)[count];
        var n = 0;
        foreach (var worker in plan.Workers)
        {
            foreach (var session in worker.Sessions)
            {
                var serving = session.StartSeconds + session.LoadSeconds;
                var share = (session.EndSeconds - serving) / Math.Max(1, session.Calls.Count);
                for (var i = 0; i < session.Calls.Count; i++, n++)
                {
                    var call = session.Calls[i];
                    planned[n] = serving + i * share;
                    calls[n] = (call.QuestionIndex, new CallPlacement(call.Slot, call.Expert, worker.Worker));
                }
            }
        }

        // A stable sort: a worker's calls planned for the same moment (sessions of no length) keep their session order.
        var order = Enumerable.Range(0, count).OrderBy(i => planned[i]).ToArray();
        return order.Chunk(ShardCalls).Select(shard => new DispatchWork(
            jobId,
            generation,
            spec.AnswerFormat,
            spec.MaxNewTokens,
            shard.GroupBy(i => calls[i].Question, i => calls[i].Call)
                .Select(question => new QuestionCalls(question.Key, spec.Questions[question.Key], question.OrderBy(c => c.Slot).ToArray()))
                .ToArray(),
            spec.Priority,
            spec.StreamText));
    }

    public static JobPlanView View(StagePlan plan, SchedulerKind scheduler, int generation, int replans) => new(
        scheduler,
        plan.Schedule.Status.ToString().ToLowerInvariant(),
        plan.MakespanSeconds,
        plan.Bound.Seconds,
        plan.Schedule.SolveTime.TotalMilliseconds,
        plan.Workers.Select(w => new PlannedWorkerView(
            w.Worker, w.Sessions.Select(s => new PlannedSessionView(s.Expert, s.Calls.Count, s.StartSeconds, s.EndSeconds)).ToArray(), w.BusySeconds)).ToArray(),
        generation,
        replans);
}

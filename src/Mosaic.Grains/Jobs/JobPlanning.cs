using Mosaic.Abstractions.Jobs;
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
    private const int ShardSize = 256;

    public static IReadOnlyList<RoutedCall> AllCalls(JobSpec spec) =>
        spec.Questions.SelectMany((q, i) => q.Experts.Select((expert, slot) => new RoutedCall(i, slot, expert))).ToArray();

    public static IReadOnlyList<RoutedCall> Calls(JobSpec spec, IReadOnlyList<PendingCall> pending) =>
        pending.Select(p => new RoutedCall(p.QuestionIndex, p.Slot, spec.Questions[p.QuestionIndex].Experts[p.Slot])).ToArray();

    public static StagePlanRequest Request(
        IReadOnlyList<RoutedCall> calls, JobSpec spec, IReadOnlyDictionary<string, ExpertProfile> profiles,
        IReadOnlyList<WorkerSpec> workers, MosaicGrainsOptions options, bool raiseModelsPerWorker) => new(
        calls, profiles, workers, options.MaxModelsPerWorker, SchedulerName(spec.Scheduler),
        new IlpOptions { TimeLimit = TimeSpan.FromMilliseconds(options.PlanTimeLimitMs) }, raiseModelsPerWorker);

    public static string SchedulerName(SchedulerKind kind) => kind switch
    {
        SchedulerKind.Mosaic => "mosaic",
        SchedulerKind.RoundRobin => "round-robin",
        SchedulerKind.DataParallel => "data-parallel",
        SchedulerKind.Lpt => "lpt",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown scheduler"),
    };

    /// <summary>A worker's planned expert sessions in order, then the job's open-ended aggregator session (when it has an aggregator).</summary>
    public static IReadOnlyList<SessionPlan> Sessions(StageWorker worker, JobSpec spec)
    {
        var sessions = worker.Sessions.Select(s => new SessionPlan(s.Expert, s.Calls.Select(c => new CallKey(spec.Questions[c.QuestionIndex].Id, c.Slot)).ToArray()));
        return (spec.Aggregator is { } aggregator ? sessions.Append(new SessionPlan(aggregator, null)) : sessions).ToArray();
    }

    /// <summary>The plan's calls grouped by question, in shards of consecutive questions.</summary>
    public static IEnumerable<DispatchWork> Shards(StagePlan plan, JobSpec spec, string jobId, int generation)
    {
        var byQuestion = plan.Workers
            .SelectMany(w => w.Sessions.SelectMany(s => s.Calls.Select(c => (c.QuestionIndex, Placement: new CallPlacement(c.Slot, c.Expert, w.Worker)))))
            .GroupBy(p => p.QuestionIndex, p => p.Placement)
            .OrderBy(g => g.Key)
            .Select(g => new QuestionCalls(g.Key, spec.Questions[g.Key], g.OrderBy(c => c.Slot).ToArray()));
        return byQuestion.Chunk(ShardSize).Select(chunk => new DispatchWork(jobId, generation, spec.AnswerFormat, spec.MaxNewTokens, chunk));
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

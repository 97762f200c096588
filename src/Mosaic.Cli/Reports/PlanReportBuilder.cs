using Mosaic.Scheduling;
using Mosaic.Scheduling.Baselines;
using Mosaic.Scheduling.Planning;

namespace Mosaic.Cli.Reports;

/// <summary>Shapes the plans of an instance into a <see cref="PlanReport"/> (speedups against round robin, planned here when absent).</summary>
internal static class PlanReportBuilder
{
    public static PlanReport Build(SchedulingInstance instance, IReadOnlyList<SchedulePlan> plans)
    {
        var bound = LowerBound.For(instance);
        var roundRobin = plans.FirstOrDefault(p => p.Scheduler == "round-robin") ?? new RoundRobinScheduler().Plan(instance);

        var schedules = plans.Select(plan => new ScheduleReport(
            plan.Scheduler,
            Round(plan.MakespanSeconds),
            Math.Round(plan.SolveTime.TotalMilliseconds, 2),
            plan.Status.ToString().ToLowerInvariant(),
            plan.BestBoundSeconds is { } b ? Round(b) : null,
            Math.Round(roundRobin.MakespanSeconds / plan.MakespanSeconds, 4),
            Math.Round(plan.MakespanSeconds / bound.Seconds - 1, 4) + 0.0, // + 0.0: a gap that rounds to -0 is 0, not "-0" in JSON or "-+0.0%"
            plan.Workers.Select(w => new WorkerReport(
                w.Worker,
                Round(w.BusySeconds),
                w.Sessions.Select(s => new SessionReport(s.Expert, s.PromptCount, Round(s.LoadSeconds), Round(s.ComputeSeconds))).ToArray()))
                .ToArray())).ToArray();

        return new PlanReport(
            instance.Name,
            Round(bound.Seconds),
            new LowerBoundTerms(Round(bound.WorkSeconds), Round(bound.ExpertSeconds), Round(bound.JobSeconds), Round(bound.ReplicaSeconds)),
            schedules);
    }

    private static double Round(double seconds) => Math.Round(seconds, 3);
}

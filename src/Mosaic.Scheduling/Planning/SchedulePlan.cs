namespace Mosaic.Scheduling.Planning;

/// <summary>
/// A complete expert-stage plan, the only thing an executor receives: which expert runs where, on which prompts,
/// in what order. <see cref="MakespanSeconds"/> is the predicted makespan (barriers included);
/// <see cref="BestBoundSeconds"/> is the solver's proven bound when one exists.
/// </summary>
public sealed record SchedulePlan(
    string Scheduler,
    PlanStatus Status,
    IReadOnlyList<WorkerPlan> Workers,
    double MakespanSeconds,
    double? BestBoundSeconds,
    TimeSpan SolveTime)
{
    public static SchedulePlan Infeasible(string scheduler, TimeSpan solveTime) =>
        new(scheduler, PlanStatus.Infeasible, [], double.PositiveInfinity, null, solveTime);

    /// <summary>Distinct workers each expert is loaded on.</summary>
    public IReadOnlyDictionary<string, int> ReplicaCounts =>
        Workers.SelectMany(w => w.Sessions.Select(s => (w.Worker, s.Expert)))
            .Distinct()
            .GroupBy(p => p.Expert)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}

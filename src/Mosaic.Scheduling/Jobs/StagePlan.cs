using Mosaic.Scheduling.Planning;

namespace Mosaic.Scheduling.Jobs;

/// <summary>
/// A job's expert stage as work: every worker's sessions with their calls, the solver's plan, its lower bound and
/// the K it was made with (larger than configured when a re-plan had to raise it).
/// </summary>
public sealed record StagePlan(SchedulePlan Schedule, LowerBound Bound, int ModelsPerWorker, IReadOnlyList<StageWorker> Workers)
{
    public double MakespanSeconds => Schedule.MakespanSeconds;

    public IReadOnlyDictionary<string, double> BusySeconds =>
        Workers.ToDictionary(w => w.Worker, w => w.BusySeconds, StringComparer.Ordinal);
}

using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;

namespace Mosaic.Grains.Jobs;

/// <summary>
/// The report arithmetic: the expert stage runs from the first dispatch to the last question's expert answers, the
/// aggregation tail from there to the end (now, for a running job).
/// </summary>
internal static class JobReports
{
    public static JobReport Build(string jobId, JobState s, JobCounters c, DateTimeOffset now)
    {
        var end = s.FinishedAt ?? now;
        var expertStage = s.DispatchedAt is { } begin && c.LastExpertsDoneAt is { } done ? Math.Max(0, (done - begin).TotalSeconds) : 0;
        var stages = s.DispatchedAt is { } dispatched ? Math.Max(0, (end - dispatched).TotalSeconds) : 0;
        var plan = s.Plan;
        return new JobReport(
            jobId, s.Status, s.Backend, s.Scheduler, s.Questions, c.Answered, c.AggregatorCalls, c.CancelledCalls,
            s.PlannedMakespanSeconds, s.LowerBoundSeconds, s.StartedAt is { } start ? (end - start).TotalSeconds : 0,
            c.WithGold == 0 ? null : c.Correct / (double)c.WithGold, s.Error,
            plan?.Workers.Select(w => w.Worker).ToArray() ?? [], s.Replans,
            plan?.Workers.ToDictionary(w => w.Worker, w => w.BusySeconds, StringComparer.Ordinal) ?? new Dictionary<string, double>(),
            expertStage, Math.Max(0, stages - expertStage), s.StartedAt, s.DispatchedAt, s.FinishedAt, c.FailedCalls, c.TrimmedPrompts,
            s.Generation, s.SkippedSessions, s.ForecastExpertStageSeconds, s.ForecastCancelledCalls, s.SpeedFactors, s.ForecastSpread, c.Unanswered, s.Priority, s.Retention, s.WatchLease);
    }

    /// <summary>What a watcher sees: progress, and the error (or the status) as the message.</summary>
    public static JobProgress Progress(string jobId, JobState s, JobCounters c) =>
        new(jobId, s.Status, c.Answered, s.Questions, c.AggregatorCalls, c.CancelledCalls, JobProgress.MessageOf(s.Status, s.Error), DateTimeOffset.UtcNow);
}

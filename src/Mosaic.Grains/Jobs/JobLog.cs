using Microsoft.Extensions.Logging;
using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Scheduling.Jobs;
using Mosaic.Scheduling.Planning;

namespace Mosaic.Grains.Jobs;

/// <summary>The job's log lines: accepted, rejected, each generation with its plan, superseded, interrupted, failed, ended.</summary>
internal static partial class JobLog
{
    public static void Generation(ILogger logger, string job, int generation, GenerationCause cause, IReadOnlyList<string> lost, StagePlan plan, int pending, int running) =>
        Generation(logger, cause == GenerationCause.Submit ? LogLevel.Information : LogLevel.Warning, job, generation,
            cause switch { GenerationCause.Submit => "starts", GenerationCause.Resume => "resumes", _ => "re-plans" }, Why(cause, lost),
            string.Join(",", plan.Workers.Select(w => w.Worker)), pending, running, plan.Schedule.Status, plan.MakespanSeconds, plan.Bound.Seconds,
            plan.Schedule.SolveTime.TotalMilliseconds, plan.ModelsPerWorker);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job} accepted: {Questions} questions, plan {Status} makespan {Makespan:0.0} s (bound {Bound:0.0} s) in {Solve:0} ms")]
    public static partial void Accepted(ILogger logger, string job, int questions, PlanStatus status, double makespan, double bound, double solve);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job}: its id was recorded with this spec by an admission that stopped before the job's state was written; this submit takes the record over")]
    public static partial void RecordTakenOver(ILogger logger, string job);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job} rejected: {Error}")]
    public static partial void Rejected(ILogger logger, string job, string error);

    [LoggerMessage(Message = "Job {Job} generation {Generation} {Cause}: {Why}, planned on [{Live}]; {Pending} expert calls planned, {Running} still running; plan {Status} makespan {Makespan:0.0} s (bound {Bound:0.0} s) in {Solve:0} ms with K = {K}")]
    private static partial void Generation(
        ILogger logger, LogLevel level, string job, int generation, string cause, string why, string live, int pending, int running,
        PlanStatus status, double makespan, double bound, double solve, int k);

    /// <summary>The workers lost, when the generation knows them; else what started it (a resume logged "workers lost []").</summary>
    private static string Why(GenerationCause cause, IReadOnlyList<string> lost) => lost.Count > 0
        ? $"workers lost [{string.Join(",", lost)}]"
        : cause switch
        {
            GenerationCause.Submit => "a new job",
            GenerationCause.Resume => "a new activation of the job (its silo or its directory entry went away), no worker known lost",
            _ => "no worker lost (workers joined or came back, or a dispatch did not go through)",
        };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job}: worker {Worker} is left out of the plan: it does not serve {Missing} (its silo was configured with another pool)")]
    public static partial void WorkerLeftOut(ILogger logger, string job, string worker, string missing);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job}: {Source} counts {Reading} answered questions, fewer than the {Shown} already shown; the count stays")]
    public static partial void CountsBehind(ILogger logger, string job, string source, int reading, int shown);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job}: its aggregation grain lost generation {Generation}; starting a new one")]
    public static partial void AggregationLost(ILogger logger, string job, int generation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job}: this activation was superseded ({Error}); it stops")]
    public static partial void Superseded(ILogger logger, string job, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job}: {Failure} ({Error}); planning again")]
    public static partial void Interrupted(ILogger logger, string job, string failure, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job}: no client watched it for its lease of {Lease} s; cancelling it")]
    public static partial void Unwatched(ILogger logger, string job, double lease);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {Job} failed")]
    public static partial void Failed(ILogger logger, Exception error, string job);

    /// <param name="timeScale">The emulated backend's time scale: its plan, priced in profiled seconds, is scaled to the wall seconds the expert stage is measured in (null: real models).</param>
    public static void Ended(ILogger logger, JobReport report, string? error, double? timeScale = null)
    {
        var scale = timeScale is > 0 ? timeScale.Value : 1;
        var note = timeScale is not { } given || given == 1 ? ""
            : given > 0 ? $", emulated at time scale {given}"
            : ", in profiled seconds: emulated at time scale 0";
        Ended(logger, report.JobId, report.Status, report.Answered, report.Questions, report.Unanswered, report.Replans, report.ExpertStageSeconds,
            report.PlannedMakespanSeconds * scale, report.ForecastExpertStageSeconds * scale, note, report.WallSeconds, error is null ? "" : $": {error}");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job} {Status}: {Answered}/{Questions} answered ({Unanswered} without an answer), {Replans} re-plans, expert stage {ExpertStage:0.00} s (planned makespan {Makespan:0.00} s, {Forecast:0.00} s with early decisions priced{Scale}), {Wall:0.00} s in all{Error}")]
    private static partial void Ended(
        ILogger logger, string job, JobStatus status, int answered, int questions, int unanswered, int replans, double expertStage, double makespan, double forecast,
        string scale, double wall, string error);
}

using System.Diagnostics;
using Mosaic.Abstractions.Results;
using Mosaic.Grains.Devices;
using Mosaic.Scheduling.Jobs;
using TimelineEntry = Mosaic.Abstractions.Jobs.TimelineEntry;
using TimelineKind = Mosaic.Abstractions.Jobs.TimelineKind;

namespace Mosaic.Grains.Telemetry;

/// <summary>
/// One trace per job on the <see cref="MosaicTelemetry.ActivitySourceName"/> source. The root span is the submit
/// (<c>mosaic.job.submit</c>, a child of the client's span when Orleans propagates one); its W3C id is persisted in the
/// job state, so the spans of later activations on any silo join the same trace: <c>mosaic.plan</c>,
/// <c>mosaic.job.generation</c>, <c>mosaic.job.replan</c>, and at the end <c>mosaic.job.run</c> (submit to finish) with
/// the workers' timelines as its children — <c>mosaic.model.load</c>, <c>mosaic.session</c> (an expert session),
/// <c>mosaic.aggregation</c> (an aggregator session), <c>mosaic.session.skipped</c> — carrying the times the devices
/// recorded. Without a listener (no tracing configured) every method is a cheap no-op.
/// </summary>
internal static class JobTraces
{
    private static readonly ActivitySource Source = new(MosaicTelemetry.ActivitySourceName);

    public static Activity? StartSubmit(string jobId) =>
        Source.StartActivity("mosaic.job.submit")?.SetTag("mosaic.job.id", jobId);

    /// <summary>
    /// A span of the job's trace: nested in the current span when that is one of this job's, else a child of the
    /// persisted root <paramref name="traceParent"/> (null, when tracing was off at submit: a new trace).
    /// </summary>
    public static Activity? Start(string name, string jobId, string? traceParent)
    {
        var current = Activity.Current;
        var nested = current?.Source == Source && Equals(current.GetTagItem("mosaic.job.id"), jobId);
        var span = !nested && ActivityContext.TryParse(traceParent, null, out var root)
            ? Source.StartActivity(name, ActivityKind.Internal, root)
            : Source.StartActivity(name);
        return span?.SetTag("mosaic.job.id", jobId);
    }

    /// <summary>A generation's span: <c>mosaic.job.replan</c> for a re-plan, else <c>mosaic.job.generation</c>.</summary>
    public static Activity? StartGeneration(string jobId, int generation, bool replan, IReadOnlyList<string> lostWorkers, string? traceParent) =>
        Start(replan ? "mosaic.job.replan" : "mosaic.job.generation", jobId, traceParent)
            ?.SetTag("mosaic.job.generation", generation).SetTag("mosaic.job.lost_workers", string.Join(",", lostWorkers));

    public static void Planned(Activity? span, StagePlan plan, int calls)
    {
        span?.SetTag("mosaic.plan.calls", calls)
            .SetTag("mosaic.plan.status", plan.Schedule.Status.ToString())
            .SetTag("mosaic.plan.makespan_s", plan.MakespanSeconds)
            .SetTag("mosaic.plan.bound_s", plan.Bound.Seconds)
            .SetTag("mosaic.plan.solve_ms", plan.Schedule.SolveTime.TotalMilliseconds)
            .SetTag("mosaic.plan.models_per_worker", plan.ModelsPerWorker)
            .SetTag("mosaic.plan.workers", string.Join(",", plan.Workers.Select(w => w.Worker)));
    }

    /// <summary>The job's run (submit to finish) and every interval the workers recorded for it, with their own times.</summary>
    public static void Finished(string jobId, string? traceParent, JobReport report, IEnumerable<TimelineEntry> timeline)
    {
        if (!Source.HasListeners() || report.StartedAt is not { } start || report.FinishedAt is not { } end)
        {
            return;
        }

        using var run = Start("mosaic.job.run", jobId, traceParent);
        if (run is null)
        {
            return;
        }

        run.SetStartTime(start.UtcDateTime);
        run.SetTag("mosaic.job.status", report.Status.ToString())
            .SetTag("mosaic.job.questions", report.Questions)
            .SetTag("mosaic.job.answered", report.Answered)
            .SetTag("mosaic.job.unanswered", report.Unanswered)
            .SetTag("mosaic.job.replans", report.Replans)
            .SetTag("mosaic.job.makespan.planned_s", report.PlannedMakespanSeconds)
            .SetTag("mosaic.job.expert_stage_s", report.ExpertStageSeconds)
            .SetTag("mosaic.job.aggregator_calls", report.AggregatorCalls)
            .SetStatus(report.Status == Abstractions.Jobs.JobStatus.Failed ? ActivityStatusCode.Error : ActivityStatusCode.Ok, report.Error);
        foreach (var entry in timeline)
        {
            using var span = Source.StartActivity(Name(entry.Kind), ActivityKind.Internal, run.Context, startTime: entry.Start);
            span?.SetTag("mosaic.job.id", jobId)
                .SetTag("mosaic.worker", entry.Worker)
                .SetTag("mosaic.expert", entry.Expert)
                .SetTag("mosaic.calls", entry.Calls)
                .SetEndTime(entry.End.UtcDateTime);
        }

        run.SetEndTime(end.UtcDateTime);
    }

    private static string Name(TimelineKind kind) => kind switch
    {
        TimelineKind.Load => "mosaic.model.load",
        TimelineKind.ExpertSession => "mosaic.session",
        TimelineKind.AggregatorSession => "mosaic.aggregation",
        _ => "mosaic.session.skipped",
    };
}

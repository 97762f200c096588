using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Mosaic.Abstractions;
using Mosaic.Abstractions.Results;
using Mosaic.Aggregation;
using Mosaic.Grains.Devices;
using Mosaic.Grains.Hosting;
using Mosaic.Scheduling.Jobs;
using TimelineEntry = Mosaic.Abstractions.Jobs.TimelineEntry;

namespace Mosaic.Grains.Telemetry;

/// <summary>
/// Mosaic's metrics on the <see cref="MeterName"/> meter (one instance per silo, created through the silo's
/// <see cref="IMeterFactory"/>): questions answered, gate skips, early cancellations, model calls by status, their
/// queue waits and durations, generated
/// tokens and tokens/s, queue depth per worker and expert, model loads, plan solve time, planned vs realized makespan,
/// jobs by status, re-plans. Tags stay low-cardinality: worker, expert, role, status, scheduler, backend; never job or
/// call ids. Traces are on <see cref="JobTraces"/>.
/// </summary>
public sealed class MosaicTelemetry
{
    /// <summary>The meter hosts export (<c>AddMeter(MosaicTelemetry.MeterName)</c>).</summary>
    public const string MeterName = MosaicMeter.Name;

    /// <summary>The activity source of job traces (<c>AddSource(MosaicTelemetry.ActivitySourceName)</c>).</summary>
    public const string ActivitySourceName = MosaicActivitySource.Name;

    /// <summary>One decode step: a millisecond on a small model to a second on a large one under load.</summary>
    private static readonly double[] TokenSecondsBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 2.5];

    private readonly Counter<long> _answered;
    private readonly Counter<long> _unanswered;
    private readonly Counter<long> _gateSkips;
    private readonly Counter<long> _earlyCancelled;
    private readonly Counter<long> _calls;
    private readonly Histogram<double> _callSeconds;
    private readonly Histogram<double> _queueSeconds;
    private readonly Histogram<double> _firstTokenSeconds;
    private readonly Histogram<double> _tokenSeconds;
    private readonly Counter<long> _tokens;
    private readonly Counter<long> _loads;
    private readonly Histogram<double> _loadSeconds;
    private readonly Counter<long> _skippedSessions;
    private readonly Counter<long> _evicted;
    private readonly Histogram<double> _solveSeconds;
    private readonly Histogram<double> _plannedMakespan;
    private readonly Histogram<double> _realizedMakespan;
    private readonly Counter<long> _jobs;
    private readonly Counter<long> _replans;
    private readonly TokenRate _rate;
    private readonly double _plannedToWall;
    private readonly string _backend;

    public MosaicTelemetry(IMeterFactory meters, IOptions<MosaicGrainsOptions> options, TimeProvider time)
    {
        Meter = meters.Create(MeterName);
        var o = options.Value;
        (_backend, _plannedToWall) = (EnumNames<BackendKind>.NameOf(o.Backend), o.WallSecondsPerPlannedSecond);
        _rate = new TokenRate(time, TimeSpan.FromSeconds(10));
        _answered = Meter.CreateCounter<long>("mosaic.questions.answered", "{question}", "Questions with a final answer (counted once their result row is stored).");
        _unanswered = Meter.CreateCounter<long>("mosaic.questions.unanswered", "{question}",
            "Questions decided without an answer: no expert gave an output, or the aggregator failed and the votes had no unique plurality.");
        _gateSkips = Meter.CreateCounter<long>("mosaic.gate.skips", "{question}", "Questions the confidence gate answered without the aggregator.");
        _earlyCancelled = Meter.CreateCounter<long>("mosaic.calls.early_cancelled", "{call}", "Expert calls cancelled because an early gate decision made them pointless.");
        _calls = Meter.CreateCounter<long>("mosaic.calls", "{call}", "Model calls that ended on this worker, by worker, expert, role (expert|aggregator) and status (completed|cancelled|failed).");
        _callSeconds = Meter.CreateHistogram("mosaic.call.duration", "s",
            "Wall time of a model call on its worker, from joining the running batch to its end, by worker, expert, role and status.", advice: Buckets());
        _queueSeconds = Meter.CreateHistogram("mosaic.call.queue.duration", "s",
            "How long a model call waited on its worker, from arriving to joining the running batch, by worker, expert and role.", advice: Buckets());
        _firstTokenSeconds = Meter.CreateHistogram("mosaic.call.time_to_first_token", "s",
            "From a model call arriving on its worker to its first output token (queue wait, prefill, first decode), by worker, expert and role; "
            + "completed calls of backends that measure it (real models, not the emulator).", advice: Buckets());
        _tokenSeconds = Meter.CreateHistogram("mosaic.call.time_per_output_token", "s",
            "Mean time between a completed call's output tokens after the first, by worker, expert and role (calls of two tokens or more of backends that measure it).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = TokenSecondsBuckets });
        _tokens = Meter.CreateCounter<long>("mosaic.tokens.generated", "{token}", "Output tokens of completed calls, by worker and expert.");
        Meter.CreateObservableGauge("mosaic.tokens.rate", ObserveRates, "{token}/s", "Output tokens per second of calls that finished in the last 10 s, by worker and expert.");
        _loads = Meter.CreateCounter<long>("mosaic.model.loads", "{load}", "Model loads on this worker, by worker, expert and status (ok|failed).");
        _loadSeconds = Meter.CreateHistogram("mosaic.model.load.duration", "s", "Wall time of a model load.", advice: Buckets());
        _skippedSessions = Meter.CreateCounter<long>("mosaic.sessions.skipped", "{session}", "Planned sessions skipped because their calls never came.");
        _evicted = Meter.CreateCounter<long>("mosaic.calls.evicted", "{call}",
            "Batch calls stopped so that an interactive call could load another model, and queued again to start over, by worker and expert.");
        _solveSeconds = Meter.CreateHistogram("mosaic.plan.solve.duration", "s", "CP-SAT wall time of a job's plan, by kind (plan|replan) and status.", advice: Buckets());
        _plannedMakespan = Meter.CreateHistogram("mosaic.job.makespan.planned", "s",
            "A finished job's first-plan makespan in predicted wall seconds (emulated: profile seconds x TimeScale).", advice: Buckets());
        _realizedMakespan = Meter.CreateHistogram("mosaic.job.makespan.realized", "s",
            "A finished job's realized expert stage (first dispatch to the last question's expert answers), wall seconds.", advice: Buckets());
        _jobs = Meter.CreateCounter<long>("mosaic.jobs", "{job}", "Job transitions on this silo, by status (accepted|rejected|completed|cancelled|failed).");
        _replans = Meter.CreateCounter<long>("mosaic.job.replans", "{replan}", "Job re-plans (worker lost, joined or came back; job resumed on another silo).");
    }

    /// <summary>This silo's meter (tests tell it from other silos' meters of the same name).</summary>
    internal Meter Meter { get; }

    /// <summary>Queue depth gauges for this silo's device (one device per silo).</summary>
    internal void Observe(WorkerDevice device) =>
        Meter.CreateObservableGauge("mosaic.queue.depth", () => Depths(device), "{call}",
            "Calls waiting in (state=queued) or generating on (state=running) a worker, by worker and expert.");

    internal void CallEnded(string worker, InferenceRequest request, CallStatus status, InferenceOutput? output, TimeSpan wall, TimeSpan waited)
    {
        var tags = CallTags(worker, request);
        tags.Add("status", Lower(status));
        _calls.Add(1, tags);
        _callSeconds.Record(wall.TotalSeconds, tags);
        if (output is not null)
        {
            _tokens.Add(output.OutputTokens, new TagList { { "worker", worker }, { "expert", request.Expert } });
            _rate.Add(worker, request.Expert, output.OutputTokens);
            Latencies(worker, request, output, waited);
        }
    }

    /// <summary>Time to first token counts the wait on the worker too: what a client of one call would see.</summary>
    private void Latencies(string worker, InferenceRequest request, InferenceOutput output, TimeSpan waited)
    {
        if (output.FirstTokenSeconds is not { } first)
        {
            return;
        }

        var tags = CallTags(worker, request);
        _firstTokenSeconds.Record(waited.TotalSeconds + first, tags);
        if (output.OutputTokens >= 2)
        {
            _tokenSeconds.Record(Math.Max(0, output.Seconds - first) / (output.OutputTokens - 1), tags);
        }
    }

    internal void CallAdmitted(string worker, InferenceRequest request, TimeSpan waited) =>
        _queueSeconds.Record(waited.TotalSeconds, CallTags(worker, request));

    /// <summary>The tags of a call's measurements: its worker, expert and role (expert or aggregator).</summary>
    private static TagList CallTags(string worker, InferenceRequest request) => new()
    {
        { "worker", worker },
        { "expert", request.Expert },
        { "role", request.Key.IsAggregator ? "aggregator" : "expert" },
    };

    internal void ModelLoaded(string worker, string expert, TimeSpan duration, bool ok)
    {
        var tags = new TagList { { "worker", worker }, { "expert", expert } };
        _loadSeconds.Record(duration.TotalSeconds, tags);
        tags.Add("status", ok ? "ok" : "failed");
        _loads.Add(1, tags);
    }

    internal void SessionSkipped(string worker, string expert) =>
        _skippedSessions.Add(1, new TagList { { "worker", worker }, { "expert", expert } });

    internal void CallEvicted(string worker, string expert) =>
        _evicted.Add(1, new TagList { { "worker", worker }, { "expert", expert } });

    internal void Decided(string jobId, IReadOnlyCollection<DecidedQuestion> questions)
    {
        if (!Counts(jobId))
        {
            return;
        }

        _answered.Add(questions.Count(q => q.HasAnswer));
        _unanswered.Add(questions.Count(q => !q.HasAnswer));
        _gateSkips.Add(questions.Count(q => q.SkippedByGate));
        _earlyCancelled.Add(questions.Sum(q => q.CancelledCalls));
    }

    internal void JobAccepted(string jobId) => JobTransition(jobId, "accepted");

    internal void JobRejected(string jobId) => JobTransition(jobId, "rejected");

    /// <summary>Counts a re-plan when <paramref name="replanned"/> (a resumed generation is one).</summary>
    internal void Replanned(string jobId, bool replanned)
    {
        if (replanned && Counts(jobId))
        {
            _replans.Add(1);
        }
    }

    /// <summary>Records a solve (metric) and describes it on its span.</summary>
    internal void Planned(Activity? span, StagePlan plan, int calls, bool replan)
    {
        _solveSeconds.Record(plan.Schedule.SolveTime.TotalSeconds, new TagList { { "kind", replan ? "replan" : "plan" }, { "status", plan.Schedule.Status.ToString().ToLowerInvariant() } });
        JobTraces.Planned(span, plan, calls);
    }

    /// <summary>Records a job's end (metrics, and its run and the workers' timelines on its trace); returns <paramref name="report"/>.</summary>
    internal JobReport JobEnded(string jobId, string? traceParent, JobReport report, IEnumerable<TimelineEntry> timeline)
    {
        JobTraces.Finished(jobId, traceParent, report, timeline);
        JobTransition(jobId, Lower(report.Status));
        if (report.Status == Abstractions.Jobs.JobStatus.Completed && report.ExpertStageSeconds > 0 && Counts(jobId))
        {
            var tags = new TagList { { "scheduler", Lower(report.Scheduler) }, { "backend", _backend } };
            _plannedMakespan.Record(report.PlannedMakespanSeconds * _plannedToWall, tags);
            _realizedMakespan.Record(report.ExpertStageSeconds, tags);
        }

        return report;
    }

    /// <summary>
    /// Whether a job's question, job and makespan measurements count. A gateway's warm-up jobs do not: they are priced like
    /// real jobs but run cold, tiny batches (planned makespans ~37 times the realized ones on the zoo), and on the zoo each
    /// start's warm-up left 256 questions unanswered (the thinking experts cannot answer in 64 tokens). Their calls do count
    /// on the workers: the device did that work.
    /// </summary>
    private static bool Counts(string jobId) => !Abstractions.Jobs.WarmUpJobs.Is(jobId);

    private void JobTransition(string jobId, string status)
    {
        if (Counts(jobId))
        {
            _jobs.Add(1, new KeyValuePair<string, object?>("status", status));
        }
    }

    private IEnumerable<Measurement<double>> ObserveRates() =>
        _rate.Snapshot().Select(r => new Measurement<double>(r.PerSecond, new KeyValuePair<string, object?>("worker", r.Worker), new("expert", r.Expert)));

    private static IEnumerable<Measurement<int>> Depths(WorkerDevice device)
    {
        foreach (var depth in device.Depths())
        {
            yield return new Measurement<int>(depth.Queued, new KeyValuePair<string, object?>("worker", device.Worker), new("expert", depth.Expert), new("state", "queued"));
            yield return new Measurement<int>(depth.Running, new KeyValuePair<string, object?>("worker", device.Worker), new("expert", depth.Expert), new("state", "running"));
        }
    }

    private static InstrumentAdvice<double> Buckets() => new() { HistogramBucketBoundaries = MosaicMeter.SecondsBuckets };

    private static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}

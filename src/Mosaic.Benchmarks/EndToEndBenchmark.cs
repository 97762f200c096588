using System.Diagnostics;
using Mosaic.Abstractions;
using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation;
using Mosaic.Aggregation.Extraction;
using Mosaic.Aggregation.Gating;
using Mosaic.Grains.Devices;
using Mosaic.Grains.Hosting;
using Mosaic.Grains.Jobs;
using Mosaic.Hosting;
using Mosaic.Scheduling;
using Mosaic.Scheduling.Emulation;
using Mosaic.Scheduling.Instances;
using Mosaic.Scheduling.Simulation;

namespace Mosaic.Benchmarks;

/// <summary>
/// The paper's pipelines and this project's extensions through the real grains: an in-process 4-silo cluster whose
/// emulated backend draws every call from the calibrated emulation model of the instance (<c>docs/emulation.md</c>),
/// on the paper-shaped workload the pure simulator uses (Table 3's slots dealt three per question with the seed).
/// Each row stands beside the paper's figures (baseline and MOSAIC as published) and beside the pure simulator's run
/// of the same configuration and seed. Behind the barrier the aggregator is one TP = 4 engine over the four workers,
/// as the paper ran it; with overlap, each worker becomes a TP = 1 replica once its expert sessions are done.
/// </summary>
internal static class EndToEndBenchmark
{
    public const string Aggregator = "Agg";

    /// <summary>The emulated engine's shares already describe a saturated batch; a device admits a whole session at
    /// once so that its calls are served in the model's order (shortest first), as in the simulator.</summary>
    private const int WholeSession = 1 << 20;

    private const int WarmUpQuestions = 24;

    private static readonly (PipelineConfiguration Pipeline, SchedulerKind Scheduler)[] Configurations =
    [
        (PaperPipelines.Baseline, SchedulerKind.RoundRobin),
        (PaperPipelines.MosaicAsPublished, SchedulerKind.Mosaic),
        (PaperPipelines.MosaicConservative, SchedulerKind.Mosaic),
        (PaperPipelines.EarlyDecisionsOnly, SchedulerKind.Mosaic),
        (PaperPipelines.Extended, SchedulerKind.Mosaic),
        (PaperPipelines.ExtendedConservative, SchedulerKind.Mosaic),
    ];

    public static async Task<EndToEndReport> RunAsync(
        string instanceName, double timeScale, int seed, Action<string>? progress = null, bool timelines = false)
    {
        var instance = PaperInstances.Get(instanceName);
        var dataset = PaperDatasets.Get(instanceName);
        var profile = PaperCalibration.For(instanceName);
        var questions = EmulatedWorkload.Deal(instance, seed);
        var spec = Workload(instance, questions, new EmulationModel(profile, questions, seed));
        var clock = Stopwatch.StartNew();
        var loadAtStart = HostLoad.OneMinute();

        progress?.Invoke($"{instanceName}: simulating the same configurations with the pure simulator (seed {seed}) …");
        var simulated = PaperPipelines.Run(instanceName, [seed], Configurations.Select(c => c.Pipeline).ToArray())[0];

        await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions
        {
            Workers = instance.Workers.Count, Grains = Options(instance, profile, timeScale, seed),
        });
        // The first job on a fresh cluster pays JIT compilation and grain activations (tens of milliseconds, i.e.
        // tens of emulated seconds at small time scales); a small job of the same shape goes first and is not reported.
        progress?.Invoke($"{instanceName}: warming up the cluster (a {WarmUpQuestions}-question job, not reported) …");
        await RunOneAsync(cluster, spec with { Questions = spec.Questions.Take(WarmUpQuestions).ToArray(), Scheduler = SchedulerKind.RoundRobin },
            timeScale, progress: null, timelines: false);
        var measured = new List<(PipelineConfiguration Pipeline, SchedulerKind Scheduler, Measurement Run)>();
        foreach (var (pipeline, scheduler) in Configurations)
        {
            progress?.Invoke($"{instanceName}: {pipeline.Name} through the grains …");
            var run = await RunOneAsync(cluster, spec with
            {
                Scheduler = scheduler, Gate = Gate(pipeline.Options), OverlapStages = pipeline.Options.OverlapStages,
            }, timeScale, progress, timelines);
            progress?.Invoke($"{instanceName}: {pipeline.Name}: expert {run.ExpertSeconds:0} s, aggregator {run.AggregatorSeconds:0} s, "
                + $"end to end {run.ExpertSeconds + run.AggregatorSeconds:0} s emulated ({run.WallSeconds:0.0} s wall)");
            measured.Add((pipeline, scheduler, run));
        }

        var baseline = measured[0].Run.EndToEnd;
        var published = measured.Single(m => m.Pipeline == PaperPipelines.MosaicAsPublished).Run.EndToEnd;
        var conservative = measured.Single(m => m.Pipeline == PaperPipelines.MosaicConservative).Run.EndToEnd;
        var simBaseline = simulated.Row(PaperPipelines.Baseline).Result.EndToEndSeconds;
        var simPublished = simulated.Row(PaperPipelines.MosaicAsPublished).Result.EndToEndSeconds;
        var rows = measured.Select(m =>
        {
            var sim = simulated.Row(m.Pipeline).Result;
            var sameGate = m.Pipeline.Options.Gate is not { } gate ? (double?)null : gate.Threshold >= 1 ? conservative : published;
            var row = Row(m.Pipeline, m.Scheduler, m.Run, sim, dataset, baseline, published, sameGate, simBaseline, simPublished);
            return m.Run.Timeline is { } grains
                ? row with { Timelines = new RowTimelines(grains, sim.Workers.SelectMany(w => w.Intervals.Select(i =>
                    new TimelineSpan(w.Worker, i.Kind, i.Expert, Math.Round(i.Start, 2), Math.Round(i.End, 2), i.Prompts))).ToArray()) }
                : row;
        }).ToArray();
        progress?.Invoke($"{instanceName}: done in {clock.Elapsed.TotalSeconds:0} s");
        double[] load = [loadAtStart, HostLoad.OneMinute()];
        return new EndToEndReport(instanceName, spec.Questions.Count, seed, timeScale, "emulated", $"calibrated emulation model, profile {instanceName}",
            load.All(double.IsFinite) ? load : null, rows.Where(r => r.Paper is not null).All(r => r.WithinTolerance), rows);
    }

    private static async Task<Measurement> RunOneAsync(
        EmbeddedCluster cluster, JobSpec spec, double timeScale, Action<string>? progress, bool timelines)
    {
        var client = cluster.Mosaic;
        var clock = Stopwatch.StartNew();
        var id = await client.SubmitAsync(spec);
        var lastReport = TimeSpan.Zero;
        await foreach (var step in client.WatchAsync(id))
        {
            if (progress is not null && clock.Elapsed - lastReport >= TimeSpan.FromSeconds(5))
            {
                lastReport = clock.Elapsed;
                progress($"  {step.QuestionsAnswered}/{step.QuestionsTotal} answered, {step.AggregatorCalls} aggregated, {clock.Elapsed.TotalSeconds / timeScale:0} s emulated");
            }
        }

        var report = await client.WaitForCompletionAsync(id);
        var results = await client.GetResultsAsync(id);
        IReadOnlyList<TimelineSpan>? timeline = null;
        if (timelines && report.DispatchedAt is { } dispatched)
        {
            double At(DateTimeOffset t) => Math.Round((t - dispatched).TotalSeconds / timeScale, 2);
            var entries = await Task.WhenAll(report.Workers.Select(w => cluster.Client.GetGrain<IWorkerGrain>(w).GetTimelineAsync(id)));
            timeline = entries.SelectMany(e => e).Select(e => new TimelineSpan(e.Worker, e.Kind.ToString(), e.Expert, At(e.Start), At(e.End), e.Calls)).ToArray();
        }

        return new Measurement(
            report.ExpertStageSeconds / timeScale, report.AggregationTailSeconds / timeScale, report.AggregatorCalls,
            1 - report.AggregatorCalls / (double)spec.Questions.Count, report.CancelledExpertCalls, report.Accuracy ?? 0,
            report.Status == JobStatus.Completed && results.Count == spec.Questions.Count, clock.Elapsed.TotalSeconds, timeline);
    }

    private static EndToEndRow Row(
        PipelineConfiguration pipeline, SchedulerKind scheduler, Measurement run, PipelineResult sim, PaperDataset dataset,
        double baseline, double published, double? sameGate, double simBaseline, double simPublished)
    {
        var figures = PaperPipelines.Published(pipeline, dataset);
        double Value(PaperStage stage) => stage switch
        {
            PaperStage.Expert => run.ExpertSeconds,
            PaperStage.Aggregator => run.AggregatorSeconds,
            PaperStage.EndToEnd => run.EndToEnd,
            _ => run.SkippedFraction,
        };

        static string Key(PaperStage stage) => stage switch
        {
            PaperStage.Expert => "expert_stage_s",
            PaperStage.Aggregator => "aggregator_stage_s",
            PaperStage.EndToEnd => "end_to_end_s",
            _ => "skipped_fraction",
        };

        var options = pipeline.Options;
        return new EndToEndRow(
            pipeline.Name, EnumNames<SchedulerKind>.NameOf(scheduler), options.Gate is { } g ? $"vote fraction {g.Threshold:0.###}" : "off", options.EarlyDecisions,
            options.OverlapStages, options.OverlapStages ? "TP = 1 replicas on workers done with their experts" : "one TP = 4 engine after the barrier",
            Math.Round(run.ExpertSeconds, 1), Math.Round(run.AggregatorSeconds, 1), Math.Round(run.EndToEnd, 1),
            Math.Round(baseline / run.EndToEnd, 3), Math.Round(published / run.EndToEnd, 3), sameGate is { } same ? Math.Round(same / run.EndToEnd, 3) : null,
            run.AggregatorCalls, Math.Round(run.SkippedFraction, 4), run.CancelledCalls, Math.Round(run.Accuracy, 4), run.AllAnswered,
            Math.Round(run.WallSeconds, 1),
            new SimulatedRow(Math.Round(sim.ExpertStageSeconds, 1), Math.Round(sim.AggregatorStageSeconds, 1), Math.Round(sim.EndToEndSeconds, 1),
                Math.Round(sim.SkipRate, 4), Math.Round(simBaseline / sim.EndToEndSeconds, 3), Math.Round(simPublished / sim.EndToEndSeconds, 3),
                Math.Round(run.EndToEnd / sim.EndToEndSeconds - 1, 4)),
            figures.Count == 0 ? null : figures.ToDictionary(f => Key(f.Stage), f => f.Paper.Paper),
            figures.Where(f => f.Paper.High is not null).ToDictionary(f => Key(f.Stage), f => f.Paper.High!.Value) is { Count: > 0 } high ? high : null,
            figures.Count == 0 ? null : figures.ToDictionary(f => Key(f.Stage), f => Math.Round(f.Deviation(Value(f.Stage)), 4)),
            figures.Count == 0 ? null : figures.Where(f => f.Tolerance is not null).ToDictionary(f => Key(f.Stage), f => f.Tolerance!.Value),
            figures.All(f => f.Within(Value(f.Stage))));
    }

    private static GateSpec Gate(PipelineOptions options) => options.Gate is { } gate
        ? new GateSpec(GateRule.VoteFraction, gate.Threshold, SameExpertPolicy.CountEverySlot, options.EarlyDecisions)
        : GateSpec.Off;

    /// <summary>
    /// The cluster as the paper ran it: the instance's experts with the costs the planner uses (τ fitted to round robin,
    /// loads), the aggregator with its calibrated load and the average TP = 1 cost of a call (what the aggregator
    /// balancer predicts with), the calibration's profile and seed, and a TP = 4 aggregator engine behind the barrier.
    /// </summary>
    private static MosaicGrainsOptions Options(SchedulingInstance instance, EmulationProfile profile, double timeScale, int seed)
    {
        var experts = instance.Experts.ToDictionary(
            e => e.Name,
            e => new ExpertOptions
            {
                Kind = e.Kind, LoadSeconds = e.LoadSeconds, PerPromptSeconds = e.PerPromptSeconds, MeanOutputTokens = profile.Expert(e.Name).MeanOutputTokens,
            },
            StringComparer.Ordinal);
        experts[Aggregator] = new ExpertOptions
        {
            Kind = profile.Aggregator.Kind,
            LoadSeconds = profile.Aggregator.LoadSeconds,
            PerPromptSeconds = PaperCalibration.ExpectedReplicaCallSeconds(profile),
            MeanOutputTokens = profile.Aggregator.BaseOutputTokens,
        };
        return new MosaicGrainsOptions
        {
            Backend = BackendKind.Emulated,
            TimeScale = timeScale,
            PlanTimeLimitMs = 2000,
            MaxBatchSize = WholeSession,
            AggregatorTensorParallel = AggregatorEmulation.TensorParallelDegree,
            Emulation = new EmulationOptions { Profile = instance.Name, Seed = seed },
            Experts = experts,
        };
    }

    /// <summary>The simulator's workload: the dealt questions in order, each with its gold letter as the model draws it.</summary>
    private static JobSpec Workload(SchedulingInstance instance, IReadOnlyList<EmulatedQuestion> questions, EmulationModel model) => new(
        questions.Select((q, i) => new QuestionSpec(q.Id, $"Question {i}", q.Experts, null, model.AnswerLetter(q.Id, 0))).ToArray(),
        instance.Experts.Select(e => e.Name).ToArray(), Aggregator, GateSpec.Off, SchedulerKind.Mosaic, AnswerFormat.MultipleChoice);

    private sealed record Measurement(
        double ExpertSeconds, double AggregatorSeconds, int AggregatorCalls, double SkippedFraction, int CancelledCalls, double Accuracy,
        bool AllAnswered, double WallSeconds, IReadOnlyList<TimelineSpan>? Timeline)
    {
        public double EndToEnd => ExpertSeconds + AggregatorSeconds;
    }
}

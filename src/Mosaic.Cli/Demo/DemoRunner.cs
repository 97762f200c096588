using System.Diagnostics;
using System.Text.Json;
using Mosaic.Abstractions;
using Mosaic.Client;
using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Aggregation.Extraction;
using Mosaic.Aggregation.Prompting;
using Mosaic.Cli.Timelines;
using Mosaic.Hosting;
using Mosaic.Routing;
using Mosaic.Storage;
using Mosaic.Zoo;
using Mosaic.Zoo.Tasks;
using Mosaic.Zoo.Workload;

namespace Mosaic.Cli.Demo;

/// <summary>
/// The demo: the shipped zoo's routed test questions answered first by calling the models directly (the reference),
/// then through the real grains of an embedded cluster (SQLite store, one worker silo per share of the cores, the
/// TorchSharp backend) in each of the four configurations of <see cref="DemoRunConfig.All"/>, after an unreported
/// warm-up job that runs every expert on every worker (<see cref="DemoWarmUp"/>), <see cref="DemoOptions.Rounds"/>
/// times over, interleaved; each configuration reports its round with the median end to end. Writes
/// <c>report.json</c>, <c>results.jsonl</c> and one <c>timeline-&lt;run&gt;.png</c> per run (of that round).
/// </summary>
internal static class DemoRunner
{
    public const string DirectStep = "direct reference";
    public const string WarmUpStep = "warm-up";
    public const string ReportFile = "report.json";
    public const string ResultsFile = "results.jsonl";

    private static readonly JsonSerializerOptions Lines = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<DemoReport> RunAsync(DemoOptions options, IDemoProgress progress, CancellationToken cancellationToken = default)
    {
        foreach (var (option, value) in new[] { ("--questions", options.Questions), ("--workers", options.Workers), ("--rounds", options.Rounds) })
        {
            if (value < 1)
            {
                throw new UsageException($"{option} must be at least 1, got {value}");
            }
        }

        if (options.WarmUpQuestions < 0)
        {
            throw new UsageException($"--warm-up must be at least 0, got {options.WarmUpQuestions}");
        }

        var loadBefore = MachineLoad.OneMinute();
        var clock = Stopwatch.StartNew();
        var output = Path.GetFullPath(options.OutputDirectory);
        if (File.Exists(output))
        {
            throw new UsageException($"--out '{options.OutputDirectory}' is a file; the demo writes a folder (report.json, results.jsonl, timelines)");
        }

        OutputFiles.CheckWritableFolder("--out", options.OutputDirectory);
        if (options.DataDirectory is { } named)
        {
            OutputFiles.CheckWritableFolder("--data", named);
        }

        // Every check before the first folder is made: a refused --questions left empty folders until 2026-12-06.
        var manifest = ZooManifest.Load(options.ZooDirectory);
        var routed = Select(ZooWorkload.Route(manifest, ZooDataset.Default.Test, ZooWorkload.DefaultRouter), options.Questions);
        var data = Path.GetFullPath(options.DataDirectory ?? Path.Combine(output, "data"));
        DemoStore.Prepare(data, isDefault: options.DataDirectory is null);
        Directory.CreateDirectory(output);
        var (directAccuracy, directSeconds) = await DirectAsync(options.ZooDirectory, routed, progress);

        var storage = new MosaicStorageOptions { Provider = MosaicStorageProvider.Sqlite, DataFolder = data };
        await using var cluster = await EmbeddedCluster.StartAsync(
            new EmbeddedClusterOptions { Workers = options.Workers, Grains = ZooPool.Options(options.ZooDirectory), Storage = storage }, cancellationToken);
        var router = ZooPool.Router(options.ZooDirectory);
        if (options.WarmUpQuestions > 0)
        {
            var candidates = ZooWorkload.Route(manifest, ZooDataset.Default.Calibration, ZooWorkload.DefaultRouter);
            var warmUp = DemoWarmUp.Questions(candidates, options.WarmUpQuestions, ZooPool.Experts, options.Workers);
            await RunJobAsync(cluster.Mosaic, warmUp, router, DemoWarmUp.Config, WarmUpStep, progress, cancellationToken);
        }

        var rounds = DemoRunConfig.All.ToDictionary(c => c, _ => new List<FinishedJob>());
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var config in DemoRunConfig.All)
            {
                var step = options.Rounds == 1 ? config.Name : FormattableString.Invariant($"{config.Name} round {round}");
                rounds[config].Add(await RunJobAsync(cluster.Mosaic, routed, router, config, step, progress, cancellationToken));
            }
        }

        var runs = new List<DemoRun>();
        var lines = new List<DemoResultLine>();
        foreach (var config in DemoRunConfig.All)
        {
            var all = rounds[config];
            var median = all.OrderBy(r => r.EndToEndSeconds).ElementAt((all.Count - 1) / 2);
            var png = Path.Combine(output, $"timeline-{config.Name}.png");
            GanttRenderer.SavePng(Chart(config, median, options.Workers), png);
            runs.Add(Run(config, median, all, png, runs.FirstOrDefault()));
            lines.AddRange(median.Results.Select(r => Line(config.Name, r)));
        }

        await File.WriteAllLinesAsync(Path.Combine(output, ResultsFile), lines.Select(l => JsonSerializer.Serialize(l, Lines)), cancellationToken);
        var report = new DemoReport(
            "torchsharp", routed.Count, options.Workers, output, Math.Round(directAccuracy, 4), runs, Math.Round(directSeconds, 1),
            Math.Round(clock.Elapsed.TotalSeconds, 1), Environment.ProcessorCount, loadBefore, MachineLoad.OneMinute(), options.Rounds);
        await File.WriteAllTextAsync(Path.Combine(output, ReportFile), JsonSerializer.Serialize(report, JsonOutput.Options) + "\n", cancellationToken);
        return report;
    }

    /// <summary>Every n-th routed test question, so every skill and difficulty is in even a small demo.</summary>
    internal static List<RoutedQuestion> Select(IReadOnlyList<RoutedQuestion> all, int questions)
    {
        if (questions > all.Count)
        {
            throw new UsageException($"--questions must be at most {all.Count} (the zoo's test split), got {questions}");
        }

        var stride = all.Count / questions;
        return all.Where((_, i) => i % stride == 0).Take(questions).ToList();
    }

    /// <summary>The reference: the same questions with the models called directly, every question aggregated.</summary>
    private static async Task<(double Accuracy, double Seconds)> DirectAsync(string zoo, IReadOnlyList<RoutedQuestion> routed, IDemoProgress progress)
    {
        var clock = Stopwatch.StartNew();
        var models = ZooCatalog.All.Count();
        var done = 0;
        progress.Report(DirectStep, 0, models, "calling the models directly");
        var direct = await Task.Run(() => ZooDirect.Run(zoo, routed, line => progress.Report(DirectStep, Interlocked.Increment(ref done), models, line)));
        var correct = routed.Select((q, i) =>
            AggregatorAnswerParser.Parse(direct[i].AggregatorText, AnswerFormat.Number).Answer == AnswerExtractor.Extract(q.GoldAnswer, AnswerFormat.Number));
        return (correct.Average(c => c ? 1.0 : 0.0), clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The questions come routed; the job also carries the router that routed them, whose accuracies let the plan
    /// forecast the early decisions' cancellations.
    /// </summary>
    private static async Task<FinishedJob> RunJobAsync(
        IMosaicClient client, IReadOnlyList<RoutedQuestion> routed, RouterSpec router, DemoRunConfig config, string step, IDemoProgress progress,
        CancellationToken cancellationToken)
    {
        var spec = ZooPool.Job(routed, config.Gate, config.Scheduler, config.OverlapStages, config.ShareRepeatedCalls, router);
        var id = $"demo-{step.Replace(' ', '-')}-{Guid.NewGuid():N}";
        progress.Report(step, 0, routed.Count, "planning");
        var submitted = DateTimeOffset.UtcNow;
        await client.SubmitAsync(spec, id);
        await foreach (var p in client.WatchAsync(id, cancellationToken))
        {
            progress.Report(step, p.QuestionsAnswered, p.QuestionsTotal, $"{p.AggregatorCalls} aggregator calls, {p.CancelledExpertCalls} expert calls cancelled");
        }

        var report = await client.WaitForCompletionAsync(id, cancellationToken);
        if (report.Status != JobStatus.Completed)
        {
            throw new InvalidOperationException($"the {step} job ended {report.Status.ToString().ToLowerInvariant()}: {report.Error}");
        }

        var results = await client.GetResultsAsync(id, cancellationToken);
        var timeline = await client.GetTimelineAsync(id);
        progress.Report(step, report.Answered, report.Questions, "done");
        return new FinishedJob(id, report, results, timeline, submitted);
    }

    private static DemoRun Run(DemoRunConfig config, FinishedJob job, IReadOnlyList<FinishedJob> all, string png, DemoRun? baseline)
    {
        var r = job.Report;
        var realizedOverPredicted = job.RealizedOverPredicted;
        var endToEnd = job.EndToEndSeconds;
        var plan = ((r.StartedAt ?? job.Submitted) - job.Submitted).TotalSeconds;
        return new DemoRun(
            config.Name, config.SchedulerName, config.GateName, Math.Round(r.Accuracy ?? 0, 4),
            Math.Round(r.ExpertStageSeconds, 2), Math.Round(r.AggregationTailSeconds, 2), Math.Round(endToEnd, 2),
            Math.Round(job.PredictedExpertStageSeconds, 2), Math.Round(r.PlannedMakespanSeconds, 2), Math.Round(r.ForecastCancelledCalls, 1), r.AggregatorCalls, Math.Round(1 - r.AggregatorCalls / (double)r.Questions, 4),
            r.CancelledExpertCalls, png, config.OverlapStages, Math.Round(plan, 2),
            baseline is null ? 1 : Math.Round(baseline.EndToEndSeconds / endToEnd, 3),
            Math.Round(realizedOverPredicted, 3),
            job.Id,
            all.Select(a => Math.Round(a.EndToEndSeconds, 2)).ToArray(),
            all.Select(a => Math.Round(a.RealizedOverPredicted, 3)).ToArray(),
            config.ShareRepeatedCalls,
            job.Results.Sum(q => q.ExpertCalls.Count(c => c.SharedFromSlot is not null)),
            r.SpeedFactors.ToDictionary(p => p.Key, p => Math.Round(p.Value, 3), StringComparer.Ordinal),
            Math.Round(r.ForecastSpread, 3),
            all.Select(a => a.ColdExpertSessions).ToArray());
    }

    private static GanttChart Chart(DemoRunConfig config, FinishedJob job, int workers)
    {
        var r = job.Report;
        var origin = r.DispatchedAt ?? job.Submitted;
        var markers = Markers(r.ExpertStageSeconds, r.PlannedMakespanSeconds, job.PredictedExpertStageSeconds);
        var title = FormattableString.Invariant(
            $"{config.Name}: {config.SchedulerName}, gate {config.GateName}{(config.OverlapStages ? ", stage overlap" : ", stage barrier")}{(config.ShareRepeatedCalls ? ", shared repeated calls" : "")} — {r.Questions} questions, accuracy {r.Accuracy:P1}, {r.AggregatorCalls} aggregator calls");
        return TimelineCharts.FromJob(title, job.Timeline, origin, Enumerable.Range(0, workers).Select(n => $"gpu{n}").ToArray(), ZooPool.Experts, markers);
    }

    /// <summary>
    /// The realized expert stage, the plan, and the forecast wherever its label differs from the plan's: with early
    /// decisions (cancelled calls) and with calibration (the workers' spread), for every run, not the early-deciding one alone.
    /// </summary>
    internal static IReadOnlyList<GanttMarker> Markers(double expertStageSeconds, double plannedSeconds, double forecastSeconds)
    {
        var markers = new List<GanttMarker>
        {
            new($"expert stage {expertStageSeconds:0.0} s", expertStageSeconds),
            new($"planned {plannedSeconds:0.0} s", plannedSeconds),
        };
        if (Math.Round(forecastSeconds, 1) != Math.Round(plannedSeconds, 1))
        {
            markers.Add(new($"forecast {forecastSeconds:0.0} s", forecastSeconds));
        }

        return markers;
    }

    private static DemoResultLine Line(string run, QuestionResult r) => new(
        r.QuestionId,
        run,
        r.ExpertCalls.Select(Call).ToArray(),
        new DemoGateDecision(r.Gate.SkippedAggregator, r.Gate.MajorityAnswer, Math.Round(r.Gate.Confidence, 4), r.Gate.DecidedEarly, r.Gate.Reason),
        r.AggregatorCall is { } aggregator ? Call(aggregator) : null,
        r.FinalAnswer,
        r.Gold,
        r.Correct == true);

    private static DemoExpertAnswer Call(ExpertCallResult c) =>
        new(c.Expert, c.Worker, c.Answer, c.Status.ToString().ToLowerInvariant(), c.InputTokens, c.OutputTokens, Math.Round(c.Seconds, 3), c.SharedFromSlot);

    private sealed record FinishedJob(string Id, JobReport Report, IReadOnlyList<QuestionResult> Results, IReadOnlyList<TimelineEntry> Timeline, DateTimeOffset Submitted)
    {
        /// <summary>From the submit (plan included) to the last result; the job has completed, so it has finished.</summary>
        public double EndToEndSeconds => ((Report.FinishedAt ?? Submitted) - Submitted).TotalSeconds;

        /// <summary>The plan's expert stage with its early decisions priced (the plan's makespan when there are none).</summary>
        public double PredictedExpertStageSeconds => Report.ForecastExpertStageSeconds;

        public double RealizedOverPredicted => PredictedExpertStageSeconds > 0 ? Report.ExpertStageSeconds / PredictedExpertStageSeconds : 0;

        /// <summary>Expert sessions that were their model's first on their worker (cold, so not observed by the calibration).</summary>
        public int ColdExpertSessions => Timeline.Count(e => e.Kind == TimelineKind.ExpertSession && e.FirstRun);
    }
}

using Mosaic.Abstractions;
using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation.Extraction;
using Mosaic.Aggregation.Gating;
using Mosaic.Grains.Hosting;
using Mosaic.Grains.Jobs;
using Mosaic.Hosting;
using Mosaic.Scheduling;
using Mosaic.Scheduling.Instances;

namespace Mosaic.Benchmarks;

/// <summary>
/// Side by side through the real grains on an in-process 4-silo cluster with the emulated backend: the paper's baseline
/// (round robin, every question aggregated, stages separated), MOSAIC as published (ILP, τ = 2/3, stages separated), and
/// Mosaic.Orleans (ILP, gate, lossless early decisions, aggregator overlapping the expert stage's tail).
/// Workloads come from the paper instances: Table 3's slots dealt three per question.
/// </summary>
internal static class EndToEndBenchmark
{
    public const string Aggregator = "Agg";

    /// <summary>
    /// Full aggregation took 1,514.7 / 516.49 / 348 s on 4 GPUs (TP = 4) for 2,100 / 4,183 / 198 questions; one GPU's
    /// share per question is four times that divided by the questions.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, double> AggregatorSecondsPerQuestion = new Dictionary<string, double>
    {
        ["paper:mmlu-pro"] = 1514.7 * 4 / 2100, ["paper:medmcqa"] = 516.49 * 4 / 4183, ["paper:gpqa"] = 348.0 * 4 / 198,
    };

    private static readonly (string Name, SchedulerKind Scheduler, GateSpec Gate, bool Overlap)[] Configs =
    [
        ("paper baseline (RR + full aggregation)", SchedulerKind.RoundRobin, GateSpec.Off, false),
        ("MOSAIC as published (ILP + gate 2/3)", SchedulerKind.Mosaic, new GateSpec(GateRule.VoteFraction, 2.0 / 3.0, SameExpertPolicy.CountEverySlot, false), false),
        ("Mosaic.Orleans (ILP + gate 2/3 + early + overlap)", SchedulerKind.Mosaic, new GateSpec(GateRule.VoteFraction, 2.0 / 3.0, SameExpertPolicy.CountEverySlot, true), true),
        ("Mosaic.Orleans conservative (gate 1 + early + overlap)", SchedulerKind.Mosaic, new GateSpec(GateRule.VoteFraction, 1.0, SameExpertPolicy.CountEverySlot, true), true),
    ];

    public static async Task<EndToEndReport> RunAsync(string instanceName, double timeScale, int seed)
    {
        var instance = PaperInstances.Get(instanceName);
        var spec = Workload(instance, seed);
        await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { Workers = 4, Grains = Options(instance, timeScale) });
        var client = cluster.Mosaic;

        var rows = new List<EndToEndRow>();
        foreach (var (name, scheduler, gate, overlap) in Configs)
        {
            var id = await client.SubmitAsync(spec with { Scheduler = scheduler, Gate = gate, OverlapStages = overlap });
            var report = await client.WaitForCompletionAsync(id);
            var results = await client.GetResultsAsync(id);
            var expert = report.ExpertStageSeconds / timeScale;
            var aggregator = report.AggregationTailSeconds / timeScale;
            var baseline = rows.FirstOrDefault();
            rows.Add(new EndToEndRow(
                name, JobPlanning.SchedulerName(scheduler), gate.Rule == GateRule.Off ? "off" : $"{gate.Rule} {gate.Threshold:0.###}", gate.EarlyDecisions, overlap,
                Math.Round(expert, 1), Math.Round(aggregator, 1), Math.Round(expert + aggregator, 1),
                Ratio(baseline?.ExpertStageSeconds, expert), Ratio(baseline?.AggregatorStageSeconds, aggregator),
                Ratio(baseline?.EndToEndSeconds, expert + aggregator),
                report.AggregatorCalls, Math.Round(1 - report.AggregatorCalls / (double)spec.Questions.Count, 4), report.CancelledExpertCalls,
                Math.Round(report.Accuracy ?? 0, 4),
                report.Status == JobStatus.Completed && results.Count == spec.Questions.Count));
        }

        return new EndToEndReport(instanceName, spec.Questions.Count, timeScale, "emulated", rows);
    }

    private static double Ratio(double? baseline, double value) => baseline is { } b && value > 0 ? Math.Round(b / value, 3) : 1;

    private static MosaicGrainsOptions Options(SchedulingInstance instance, double timeScale)
    {
        var experts = instance.Experts.ToDictionary(
            e => e.Name,
            e => new ExpertOptions
            {
                Kind = e.Kind,
                LoadSeconds = e.LoadSeconds,
                PerPromptSeconds = e.PerPromptSeconds,
                MeanOutputTokens = e.MeanOutputTokens ?? 200,
                EmulatedAccuracy = e.Kind == ExpertKind.Reasoning ? 0.78 : 0.66,
            },
            StringComparer.Ordinal);
        experts[Aggregator] = new ExpertOptions
        {
            Kind = ExpertKind.Reasoning, LoadSeconds = 45, PerPromptSeconds = AggregatorSecondsPerQuestion[instance.Name], MeanOutputTokens = 1500,
            EmulatedAccuracy = 0.72,
        };
        return new MosaicGrainsOptions { Backend = BackendKind.Emulated, TimeScale = timeScale, PlanTimeLimitMs = 2000, Experts = experts };
    }

    /// <summary>Table 3's slots, shuffled with a seed and dealt three per question; gold letters A–J.</summary>
    private static JobSpec Workload(SchedulingInstance instance, int seed)
    {
        var random = new Random(seed);
        var slots = instance.Experts.SelectMany(e => Enumerable.Repeat(e.Name, e.Prompts)).OrderBy(_ => random.Next()).ToArray();
        var questions = Enumerable.Range(0, slots.Length / 3).Select(i => new QuestionSpec(
            $"q{i:00000}", $"Question {i}", [slots[3 * i], slots[3 * i + 1], slots[3 * i + 2]], null,
            ((char)('A' + random.Next(10))).ToString())).ToArray();
        return new JobSpec(questions, instance.Experts.Select(e => e.Name).ToArray(), Aggregator, new GateSpec(), SchedulerKind.Mosaic, AnswerFormat.MultipleChoice);
    }
}

using System.Diagnostics;
using Mosaic.Abstractions;
using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation.Extraction;
using Mosaic.Aggregation.Gating;
using Mosaic.Aggregation.Prompting;
using Mosaic.Grains.Backends;
using Mosaic.Grains.Devices;
using Mosaic.Grains.Hosting;
using Mosaic.Grains.Jobs;
using Mosaic.Grains.Queries;

namespace Mosaic.Benchmarks;

/// <summary>
/// Control-plane capacity: a job of zero-cost emulated experts through a real in-process cluster (route, plan,
/// dispatch, gate, result), against the same planning, extraction and gating done by calling the libraries directly.
/// </summary>
internal static class ControlPlaneBenchmark
{
    private const int Silos = 4;
    private static readonly string[] Pool = ["Gemma", "QwenR1", "Qwen", "LlamaR1", "Exaone", "GLM"];
    private static readonly double[] Popularity = [1632, 1428, 956, 1070, 547, 667];

    /// <summary>Fine enough that polling adds well under 1% to a run of several seconds.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    public static async Task<ControlPlaneReport> RunAsync(int questions, int seed)
    {
        var spec = Workload(questions, seed);
        await using var cluster = await LocalCluster.StartAsync(Silos, ZeroCost);
        var client = new MosaicClient(cluster.Client);
        // Warm-up: JIT, grain activations and the planner's first solve stay out of the measurement.
        await client.WaitForCompletionAsync(await client.SubmitAsync(Workload(500, seed + 1)), default, PollInterval);

        var clock = Stopwatch.StartNew();
        var id = await client.SubmitAsync(spec);
        var report = await client.WaitForCompletionAsync(id, default, PollInterval);
        var clusterSeconds = clock.Elapsed.TotalSeconds;
        var results = await client.GetResultsAsync(id);

        var direct = DirectSeconds(spec);
        return new ControlPlaneReport(
            questions,
            Math.Round(questions / clusterSeconds, 1),
            Math.Round((clusterSeconds - direct) / questions * 1e6, 1),
            report.Status == JobStatus.Completed && report.Answered == questions
                && results.Select(r => r.QuestionId).Distinct().Count() == questions && results.All(r => r.FinalAnswer is not null),
            Math.Round(clusterSeconds, 3),
            Math.Round(direct / questions * 1e6, 1),
            Silos,
            report.AggregatorCalls,
            report.CancelledExpertCalls,
            report.Backend);
    }

    private static MosaicGrainsOptions ZeroCost(string worker) => new()
    {
        Worker = worker,
        Backend = "emulated",
        TimeScale = 0,
        PlanTimeLimitMs = 2000,
        Experts = Pool.Append("Agg").ToDictionary(
            name => name,
            name => new ExpertProfileOptions
            {
                Kind = name.EndsWith("R1", StringComparison.Ordinal) || name == "Agg" ? "reasoning" : "instruct",
                LoadSeconds = 40,
                PerPromptSeconds = name.EndsWith("R1", StringComparison.Ordinal) ? 2 : 0.15,
                MeanOutputTokens = name.EndsWith("R1", StringComparison.Ordinal) ? 3000 : 250,
                EmulatedAccuracy = name == "Agg" ? 0.8 : 0.7,
            },
            StringComparer.Ordinal),
    };

    private static JobSpec Workload(int questions, int seed)
    {
        var random = new Random(seed);
        var total = Popularity.Sum();
        string Pick()
        {
            var x = random.NextDouble() * total;
            for (var i = 0; i < Pool.Length; i++)
            {
                x -= Popularity[i];
                if (x <= 0)
                {
                    return Pool[i];
                }
            }

            return Pool[^1];
        }

        var items = Enumerable.Range(0, questions).Select(i => new QuestionSpec(
            $"q{i}", $"Question {i}: (A) one (B) two (C) three (D) four", [Pick(), Pick(), Pick()], null, ((char)('A' + random.Next(4))).ToString())).ToArray();
        return new JobSpec(items, Pool, "Agg", new GateSpec("vote", 2.0 / 3.0, "count-each", true), "mosaic", "mcq");
    }

    /// <summary>The same work without Orleans: plan, emulate each call, extract, gate, build aggregator prompts.</summary>
    private static double DirectSeconds(JobSpec spec)
    {
        var options = ZeroCost("gpu0");
        var backend = new EmulatedBackend(Microsoft.Extensions.Options.Options.Create(options));
        var settings = GateSpecs.ToSettings(spec.Gate);
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Silos).Select(n => new WorkerInfo($"gpu{n}", null)).ToArray();
        JobPlanner.Plan(spec, options.Experts, workers, options, new HashSet<string>(), "direct");
        foreach (var question in spec.Questions)
        {
            var answers = question.Experts.Select((expert, slot) =>
            {
                var request = new InferenceRequest("direct", $"{question.Id}:{slot}", expert, null, question.Text, 512, question.Id, question.Gold, null, slot);
                return (Text: backend.Emulate(expert, options.Experts[expert], request).Text, Expert: expert);
            }).ToArray();
            var votes = answers.Select(a => new ExpertAnswer(a.Expert, AnswerExtractor.Extract(a.Text, AnswerFormat.MultipleChoice))).ToArray();
            var decision = ConfidenceGate.Decide(votes, settings);
            if (!decision.SkipsAggregator)
            {
                var prompt = AggregatorPromptBuilder.Build(question.Text, answers.Select(a => a.Text).ToArray(), AnswerFormat.MultipleChoice);
                var request = new InferenceRequest("direct", $"agg:{question.Id}", "Agg", prompt.System, prompt.User, 512, question.Id, question.Gold, null, 3);
                AggregatorAnswerParser.Parse(backend.Emulate("Agg", options.Experts["Agg"], request).Text, AnswerFormat.MultipleChoice);
            }
        }

        return clock.Elapsed.TotalSeconds;
    }
}

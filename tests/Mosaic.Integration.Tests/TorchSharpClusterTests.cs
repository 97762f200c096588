using Microsoft.Extensions.DependencyInjection;
using Mosaic.Abstractions;
using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Aggregation.Extraction;
using Mosaic.Aggregation.Gating;
using Mosaic.Client;
using Mosaic.Grains.Hosting;
using Mosaic.Grains.Telemetry;
using Mosaic.Inference;
using Mosaic.Inference.Tokenization;
using Mosaic.Scheduling;
using Mosaic.Testing;

namespace Mosaic.Integration.Tests;

/// <summary>Real TorchSharp generation on a two-silo cluster, with tiny random Qwen2-shaped models on disk.</summary>
public sealed class TorchSharpClusterTests
{
    private static readonly string[] Experts = ["tiny-a", "tiny-b", "tiny-r"];

    [Fact]
    public async Task TorchSharpJob_OnTwoSilos_Completes()
    {
        var folder = Directory.CreateTempSubdirectory("mosaic-torch-").FullName;
        try
        {
            var paths = Experts.Append("tiny-agg").Select((name, i) => (name, Path: WriteModel(folder, name, seed: i))).ToArray();
            await using var cluster = ClusterFactory.Build(2, worker => new MosaicGrainsOptions
            {
                Worker = worker,
                Backend = BackendKind.TorchSharp,
                Device = "cpu",
                Threads = 1,
                Experts = paths.ToDictionary(
                    p => p.name,
                    p => new ExpertOptions { Kind = p.name == "tiny-r" ? ExpertKind.Reasoning : ExpertKind.Instruct, LoadSeconds = 0.1, PerPromptSeconds = 0.05, ModelPath = p.Path },
                    StringComparer.Ordinal),
            });
            await cluster.DeployAsync();
            await ClusterFactory.WaitForWorkersAsync(cluster, 2);
            var client = new MosaicClient(cluster.Client);
            var questions = Enumerable.Range(0, 6).Select(i => new QuestionSpec(
                $"t{i}", $"What is {i} + {i}?", [Experts[i % 3], Experts[(i + 1) % 3], Experts[(i + 2) % 3]], "add", $"{2 * i}")).ToArray();
            var spec = new JobSpec(questions, Experts, "tiny-agg", new GateSpec(GateRule.VoteFraction, 1.0, SameExpertPolicy.CountEverySlot, false), SchedulerKind.Mosaic, AnswerFormat.Number, MaxNewTokens: 6);

            var id = await client.SubmitAsync(spec);
            var report = await client.WaitForCompletionAsync(id, new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);
            var results = await client.GetResultsAsync(id);

            Assert.Equal(JobStatus.Completed, report.Status);
            Assert.Equal("torchsharp", report.Backend);
            Assert.Equal(6, results.Count);
            var calls = results.SelectMany(r => r.ExpertCalls.Append(r.AggregatorCall)).OfType<Abstractions.Results.ExpertCallResult>().ToArray();
            Assert.All(calls, c =>
            {
                Assert.Equal(CallStatus.Completed, c.Status);
                Assert.False(c.Emulated);
                Assert.InRange(c.OutputTokens, 1, 6);
                Assert.True(c.InputTokens > 0);
            });
            Assert.Equal(["gpu0", "gpu1"], calls.Select(c => c.Worker).Distinct().Order());
            Assert.Contains(calls, c => c.ReachedTokenLimit); // random weights rarely end a sequence within 6 tokens
            Assert.All(calls.Where(c => c.ReachedTokenLimit), c => Assert.Equal(6, c.OutputTokens));

            // Every expert call fails (more new tokens than the models' context): the aggregator used to be asked
            // anyway, with no candidate at all, and its made-up answer became the question's. The metrics count these
            // questions as unanswered, not as answered and skipped by the gate.
            var meters = cluster.GetActiveSilos().Select(s => cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<MosaicTelemetry>().Meter).ToHashSet();
            using var metrics = new MetricRecorder(meters.Contains);
            var overflow = await client.SubmitAsync(spec with { MaxNewTokens = 5000 });
            var overflowReport = await client.WaitForCompletionAsync(overflow, new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);
            var unanswered = await client.GetResultsAsync(overflow);

            Assert.Equal(JobStatus.Completed, overflowReport.Status);
            Assert.Equal(0, overflowReport.AggregatorCalls);
            Assert.Equal((6, 6, 6), (overflowReport.Questions, overflowReport.Answered, overflowReport.Unanswered));
            Assert.All(unanswered, r =>
            {
                Assert.All(r.ExpertCalls, c => Assert.Contains("exceeds the context length", c.Error, StringComparison.Ordinal));
                Assert.Null(r.AggregatorCall);
                Assert.Null(r.FinalAnswer);
                Assert.True(r.Gate.SkippedAggregator);
                Assert.StartsWith("no expert gave an output", r.Gate.Reason, StringComparison.Ordinal);
            });
            Assert.Equal(6, metrics.Sum("mosaic.questions.unanswered")); // counted when the rows are stored, before the job completes
            Assert.Equal(0, metrics.Sum("mosaic.questions.answered"));
            Assert.Equal(0, metrics.Sum("mosaic.gate.skips"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string WriteModel(string folder, string name, int seed)
    {
        var path = Path.Combine(folder, name);
        var tokenizer = CharTokenizer.FromText("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,!?'\n-:;()+=<>/");
        using var model = LanguageModel.CreateRandom(new ModelConfig
        {
            ModelType = "qwen2",
            VocabSize = tokenizer.VocabularySize,
            HiddenSize = 32,
            IntermediateSize = 64,
            NumHiddenLayers = 2,
            NumAttentionHeads = 4,
            NumKeyValueHeads = 2,
            AttentionBias = true,
            RopeTheta = 10000,
            MaxPositionEmbeddings = 4096,
            RmsNormEps = 1e-6,
            TorchDtype = "float32",
        }, tokenizer, seed, initStd: 0.3);
        model.Save(path);
        return path;
    }
}

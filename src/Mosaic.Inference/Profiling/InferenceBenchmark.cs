using System.Diagnostics;
using Mosaic.Inference.Generation;
using Mosaic.Inference.Tokenization;

namespace Mosaic.Inference.Profiling;

/// <summary>
/// Decode throughput of two random-weight models (≈1M and ≈25M parameters, float32, CPU) at batch sizes 1, 4, 16
/// and 64 with 1 and 2 intra-op threads. Each request has a 16-token prompt and generates a fixed number of tokens
/// (EOS ignored); tokens/s counts generated tokens over the wall time of the whole batch, prefill included, best
/// of <c>repeats</c> runs (the machine is shared, so the best run is the least disturbed one).
/// </summary>
public static class InferenceBenchmark
{
    public const int PromptTokens = 16;

    public static IReadOnlyList<(string Name, ModelConfig Config)> Models { get; } =
    [
        ("tiny-1m", new ModelConfig
        {
            ModelType = "qwen2", VocabSize = 256, HiddenSize = 128, IntermediateSize = 384, NumHiddenLayers = 5,
            NumAttentionHeads = 4, NumKeyValueHeads = 2, AttentionBias = true, TieWordEmbeddings = true, MaxPositionEmbeddings = 1024,
        }),
        ("small-25m", new ModelConfig
        {
            ModelType = "llama", VocabSize = 32000, HiddenSize = 288, IntermediateSize = 768, NumHiddenLayers = 6,
            NumAttentionHeads = 6, NumKeyValueHeads = 6, TieWordEmbeddings = false, MaxPositionEmbeddings = 1024,
        }),
    ];

    public static ThroughputReport Run(
        IReadOnlyList<int>? batchSizes = null, IReadOnlyList<int>? threadCounts = null, int newTokens = 32, int repeats = 3, TextWriter? progress = null,
        ArrivalSettings? arrivals = null)
    {
        arrivals ??= new ArrivalSettings();
        batchSizes ??= [1, 4, 16, 64];
        threadCounts ??= [1, 2];
        var previousThreads = TorchRuntime.Threads;
        var runs = new List<ThroughputRun>();
        try
        {
            foreach (var (name, config) in Models)
            {
                using var model = LanguageModel.CreateRandom(config, CharTokenizer.FromText("ab"), seed: 1, new ModelLoadOptions { Device = InferenceDevice.Cpu, DType = ModelDType.Float32 });
                foreach (var threads in threadCounts)
                {
                    TorchRuntime.Threads = threads;
                    _ = model.Generate(Requests(config, 4, 4));
                    foreach (var batch in batchSizes)
                    {
                        var requests = Requests(config, batch, newTokens);
                        var best = 0.0;
                        for (var repeat = 0; repeat < repeats; repeat++)
                        {
                            var clock = Stopwatch.StartNew();
                            var results = model.Generate(requests, batch);
                            best = Math.Max(best, results.Sum(r => r.OutputTokens) / clock.Elapsed.TotalSeconds);
                        }

                        var run = new ThroughputRun(name, model.ParameterCount, threads, batch, Math.Round(best, 1));
                        progress?.WriteLine($"{name} threads={threads} batch={batch}: {run.TokensPerSecond:0.0} tok/s");
                        runs.Add(run);
                    }
                }
            }
        }
        finally
        {
            TorchRuntime.Threads = previousThreads ?? Environment.ProcessorCount;
        }

        ArrivalComparison comparison;
        try
        {
            var (name, config) = Models[0];
            TorchRuntime.Threads = 1;
            using var model = LanguageModel.CreateRandom(config, CharTokenizer.FromText("ab"), seed: 1, new ModelLoadOptions { Device = InferenceDevice.Cpu, DType = ModelDType.Float32 });
            comparison = ArrivalBenchmark.Compare(model, name, Requests(config, arrivals.Requests, arrivals.NewTokens), arrivals.Batch, arrivals.IntervalMs, repeats, progress);
        }
        finally
        {
            TorchRuntime.Threads = previousThreads ?? Environment.ProcessorCount;
        }

        var ratios = new Dictionary<string, double>();
        foreach (var (name, _) in Models)
        {
            var one = runs.FirstOrDefault(r => r.Model == name && r.Threads == 1 && r.Batch == 1);
            var sixtyFour = runs.FirstOrDefault(r => r.Model == name && r.Threads == 1 && r.Batch == 64);
            if (one is not null && sixtyFour is not null && one.TokensPerSecond > 0)
            {
                ratios[name] = Math.Round(sixtyFour.TokensPerSecond / one.TokensPerSecond, 2);
            }
        }

        using var process = Process.GetCurrentProcess();
        return new ThroughputReport(runs, Math.Round(process.PeakWorkingSet64 / 1024.0 / 1024.0, 1), ratios, comparison);
    }

    private static GenerationRequest[] Requests(ModelConfig config, int count, int newTokens)
    {
        var random = new Random(count);
        return Enumerable.Range(0, count).Select(_ => new GenerationRequest
        {
            PromptTokenIds = Enumerable.Range(0, PromptTokens).Select(_ => random.Next(3, config.VocabSize)).ToArray(),
            MaxNewTokens = newTokens,
            IgnoreEos = true,
        }).ToArray();
    }
}

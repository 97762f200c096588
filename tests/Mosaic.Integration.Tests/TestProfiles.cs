using Mosaic.Grains.Hosting;
using Mosaic.Scheduling;

namespace Mosaic.Integration.Tests;

/// <summary>A paper-shaped expert pool (profiles from the paper's MMLU-Pro instance) for emulated clusters.</summary>
internal static class TestProfiles
{
    public const string Aggregator = "Agg";

    public const string Huge = "Huge";

    public const double WorkerMemoryGb = 80;

    public static readonly string[] Pool = ["Gemma", "QwenR1", "Qwen", "LlamaR1", "Exaone", "GLM"];

    /// <summary>Profiled experts beyond the usual pool, to exceed K·N model slots.</summary>
    public static readonly string[] Extra = ["Mistral", "Phi", "Granite"];

    public static MosaicGrainsOptions Emulated(string worker, double timeScale) => new()
    {
        Worker = worker,
        Backend = BackendKind.Emulated,
        TimeScale = timeScale,
        PlanTimeLimitMs = 2000,
        Experts = new Dictionary<string, ExpertOptions>(StringComparer.Ordinal)
        {
            ["Gemma"] = Instruct(0.1606, 291),
            ["QwenR1"] = Reasoning(1.7141, 3734),
            ["Qwen"] = Instruct(0.1308, 200),
            ["LlamaR1"] = Reasoning(2.3374, 3146),
            ["Exaone"] = Instruct(0.1606, 200),
            ["GLM"] = Instruct(0.1308, 200),
            [Aggregator] = Reasoning(1.5, 1500),
            ["Mistral"] = Instruct(0.15, 200),
            ["Phi"] = Instruct(0.1, 200),
            ["Granite"] = Instruct(0.12, 200),
            [Huge] = new ExpertOptions { Kind = ExpertKind.Instruct, MemoryGb = 200 },
        },
    };

    private static ExpertOptions Instruct(double perPrompt, double tokens) => new()
    {
        Kind = ExpertKind.Instruct, LoadSeconds = 40, PerPromptSeconds = perPrompt, MeanOutputTokens = tokens,
    };

    private static ExpertOptions Reasoning(double perPrompt, double tokens) => new()
    {
        Kind = ExpertKind.Reasoning, LoadSeconds = 45, PerPromptSeconds = perPrompt, MeanOutputTokens = tokens,
    };
}

namespace Mosaic.Grains.Hosting;

/// <summary>
/// One expert (or the aggregator) as the cluster knows it: its profiled costs for planning, where its weights are
/// for the TorchSharp backend, and the accuracy the emulated backend gives it.
/// </summary>
public sealed class ExpertProfileOptions
{
    /// <summary><c>instruct</c> or <c>reasoning</c>.</summary>
    public string Kind { get; set; } = "instruct";

    public double LoadSeconds { get; set; } = 40;

    /// <summary>τ: predicted seconds per prompt on one worker (from <c>mosaic profile</c>).</summary>
    public double PerPromptSeconds { get; set; } = 0.15;

    public double MeanOutputTokens { get; set; } = 200;

    public double? MemoryGb { get; set; }

    /// <summary>Folder with config.json, model.safetensors and tokenizer files (TorchSharp backend).</summary>
    public string? ModelPath { get; set; }

    /// <summary>Probability that the emulated backend answers correctly when the gold answer is known.</summary>
    public double EmulatedAccuracy { get; set; } = 0.7;

    /// <summary>This profile as the planner sees expert <paramref name="name"/> with <paramref name="prompts"/> routed prompts.</summary>
    internal Scheduling.ExpertSpec ToExpertSpec(string name, int prompts) => new(
        name, Kind == "reasoning" ? Scheduling.ExpertKind.Reasoning : Scheduling.ExpertKind.Instruct, LoadSeconds, PerPromptSeconds,
        prompts, MemoryGb, MeanOutputTokens);
}

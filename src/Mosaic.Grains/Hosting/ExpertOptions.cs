using Mosaic.Scheduling;

namespace Mosaic.Grains.Hosting;

/// <summary>
/// One model of the pool (an expert or the aggregator) as the cluster knows it: its costs for planning (a measured
/// profile file written by <c>mosaic profile</c>, or the numbers given here), where its weights are, its generation
/// limits. (The emulated backend's lengths, costs and answers come from the calibrated emulation model; see
/// <see cref="EmulationOptions"/>.)
/// </summary>
public sealed class ExpertOptions
{
    public ExpertKind Kind { get; set; } = ExpertKind.Instruct;

    public double LoadSeconds { get; set; } = 40;

    /// <summary>τ: predicted seconds per prompt on one worker, used when no <see cref="ProfilePath"/> is given.</summary>
    public double PerPromptSeconds { get; set; } = 0.15;

    public double MeanOutputTokens { get; set; } = 200;

    public double? MemoryGb { get; set; }

    /// <summary>A profile JSON written by <c>mosaic profile</c>; when set, load time and T(N) come from it.</summary>
    public string? ProfilePath { get; set; }

    /// <summary>Folder with config.json, model.safetensors and tokenizer files (TorchSharp backend).</summary>
    public string? ModelPath { get; set; }

    /// <summary>A call's most new tokens when neither the request nor the expert's settings give them.</summary>
    public const int DefaultMaxNewTokens = 512;

    /// <summary>Most new tokens per call; null takes <see cref="DefaultMaxNewTokens"/>.</summary>
    public int? MaxNewTokens { get; set; }

    /// <summary>Context tokens per sequence (prompt plus output); null takes the model's max_position_embeddings.</summary>
    public int? ContextTokens { get; set; }

    /// <summary>
    /// KV-cache budget in tokens over all running sequences of the model (TorchSharp backend): a call joins the batch
    /// once its prompt plus max new tokens fits beside the running ones; null gives every one of
    /// <see cref="MosaicGrainsOptions.MaxBatchSize"/> rows the full context. The cache is paged and grows on demand.
    /// </summary>
    public long? KvCacheTokens { get; set; }

    internal void Validate(string name, BackendKind backend)
    {
        var problem =
            !Enum.IsDefined(Kind) ? $"kind {(int)Kind} is not a kind"
            : !(LoadSeconds >= 0) ? $"load seconds must be 0 or more, got {LoadSeconds}"
            : !(PerPromptSeconds >= 0) ? $"per-prompt seconds must be 0 or more, got {PerPromptSeconds}"
            : !(MeanOutputTokens > 0) ? $"mean output tokens must be positive, got {MeanOutputTokens}"
            : MemoryGb is <= 0 ? $"memory must be positive, got {MemoryGb} GB"
            : MaxNewTokens is < 1 ? $"max new tokens must be at least 1, got {MaxNewTokens}"
            : ContextTokens is < 2 ? $"context tokens must be at least 2, got {ContextTokens}"
            : KvCacheTokens is < 2 ? $"KV cache tokens must be at least 2, got {KvCacheTokens}"
            : null;
        if (problem is not null)
        {
            throw new ArgumentException($"expert '{name}': {problem}"); // named: "an invalid setting (kind, load, …)" left the user to guess which
        }

        if (backend == BackendKind.TorchSharp && string.IsNullOrWhiteSpace(ModelPath))
        {
            throw new ArgumentException($"expert '{name}' needs a ModelPath for the torchsharp backend");
        }
    }
}

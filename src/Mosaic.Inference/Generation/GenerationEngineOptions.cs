namespace Mosaic.Inference.Generation;

/// <summary>
/// Limits of a generation engine: concurrent sequences, tokens per sequence, and the KV cache budget shared by all
/// of them. The cache is paged and grows on demand, so generous limits cost nothing until they are used.
/// </summary>
public sealed record GenerationEngineOptions
{
    /// <summary>Sequences decoded together; further requests wait for a free row.</summary>
    public int MaxBatchSize { get; init; } = 16;

    /// <summary>
    /// Prompt plus generated tokens per sequence; null means the model's <c>max_position_embeddings</c>. A request
    /// whose prompt plus max new tokens exceeds it is rejected at submission.
    /// </summary>
    public int? MaxContextTokens { get; init; }

    /// <summary>
    /// KV cache budget in tokens across all rows (rounded down to whole blocks): a request is admitted once its
    /// prompt plus max new tokens fits beside those already running, and rejected at submission if it never can.
    /// Null means <see cref="MaxBatchSize"/> × the context length, i.e. only the batch size limits admission.
    /// </summary>
    public long? KvBudgetTokens { get; init; }

    /// <summary>Tokens per KV cache block (the unit of allocation).</summary>
    public int KvBlockTokens { get; init; } = 16;

    /// <summary>
    /// Prompt tokens prefilled per step at most: longer prompts, and many joiners at once, are prefilled in chunks
    /// over several steps while the running sequences keep decoding.
    /// </summary>
    public int PrefillChunkTokens { get; init; } = 512;

    internal BatchLimits Resolve(ModelConfig config)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1, nameof(MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(KvBlockTokens, 1, nameof(KvBlockTokens));
        ArgumentOutOfRangeException.ThrowIfLessThan(PrefillChunkTokens, 1, nameof(PrefillChunkTokens));
        if (MaxContextTokens is < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxContextTokens), MaxContextTokens, "must be at least 2");
        }

        if (MaxContextTokens > config.MaxPositionEmbeddings)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxContextTokens), MaxContextTokens,
                $"exceeds the model's max_position_embeddings ({config.MaxPositionEmbeddings})");
        }

        var context = MaxContextTokens ?? config.MaxPositionEmbeddings;
        var budget = KvBudgetTokens ?? (long)MaxBatchSize * context;
        if (budget < KvBlockTokens)
        {
            throw new ArgumentOutOfRangeException(nameof(KvBudgetTokens), KvBudgetTokens, $"must hold at least one block of {KvBlockTokens} tokens");
        }

        var blocks = (int)Math.Min(budget / KvBlockTokens, int.MaxValue - 1);
        return new BatchLimits(MaxBatchSize, context, KvBlockTokens, blocks, PrefillChunkTokens);
    }
}

namespace Mosaic.Inference.Generation;

/// <summary>Size of an engine's KV cache: concurrent sequences (rows) and tokens per sequence.</summary>
public sealed record GenerationEngineOptions
{
    /// <summary>Sequences decoded together; further requests wait for a free row.</summary>
    public int MaxBatchSize { get; init; } = 16;

    /// <summary>Prompt plus generated tokens per sequence; null means min(max_position_embeddings, 2048).</summary>
    public int? MaxSequenceLength { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1, nameof(MaxBatchSize));
        if (MaxSequenceLength is < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSequenceLength), MaxSequenceLength, "must be at least 2");
        }
    }
}

namespace Mosaic.Inference.Generation;

/// <summary>
/// Resolved limits of one continuous batcher: rows, context length per sequence, the KV budget in whole blocks,
/// and the prompt tokens prefilled per step.
/// </summary>
internal sealed record BatchLimits(int MaxRows, int ContextLength, int BlockTokens, int BudgetBlocks, int PrefillChunkTokens)
{
    public long BudgetTokens => (long)BudgetBlocks * BlockTokens;

    /// <summary>
    /// Throws <see cref="ArgumentException"/> for a request that could never run: prompt plus max new tokens over the
    /// context length or over the whole KV budget. Everything else fits once enough rows and blocks are free.
    /// </summary>
    public void CheckFits(int promptTokens, int maxNewTokens)
    {
        var total = (long)promptTokens + maxNewTokens;
        if (total > ContextLength)
        {
            throw new ArgumentException(
                $"the prompt has {promptTokens} tokens and max new tokens is {maxNewTokens}: {total} exceeds the context length of {ContextLength} tokens");
        }

        var blocks = (total + BlockTokens - 1) / BlockTokens;
        if (blocks > BudgetBlocks)
        {
            throw new ArgumentException(
                $"the prompt has {promptTokens} tokens and max new tokens is {maxNewTokens}: {blocks * BlockTokens} KV tokens ({blocks} blocks of {BlockTokens}) exceed the KV budget of {BudgetTokens} tokens");
        }
    }
}

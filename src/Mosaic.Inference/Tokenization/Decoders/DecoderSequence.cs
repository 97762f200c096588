namespace Mosaic.Inference.Tokenization.Decoders;

/// <summary>tokenizer.json <c>Sequence</c> of decoders.</summary>
internal sealed class DecoderSequence(IReadOnlyList<ITokenDecoder> steps) : ITokenDecoder
{
    public List<string> DecodeChain(List<string> tokens, List<bool> added)
    {
        foreach (var step in steps)
        {
            var before = tokens.Count;
            tokens = step.DecodeChain(tokens, added);
            if (tokens.Count != before)
            {
                // Steps that merge tokens lose the one-to-one link with the added flags.
                added = Enumerable.Repeat(false, tokens.Count).ToList();
            }
        }

        return tokens;
    }
}

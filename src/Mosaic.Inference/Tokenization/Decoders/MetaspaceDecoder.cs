namespace Mosaic.Inference.Tokenization.Decoders;

/// <summary>
/// tokenizer.json <c>Metaspace</c> decoder: the replacement character becomes a space, except in the first token
/// when a prefix was prepended, where it is dropped (as in Hugging Face's Rust implementation).
/// </summary>
internal sealed class MetaspaceDecoder(char replacement, bool prepended) : ITokenDecoder
{
    public List<string> DecodeChain(List<string> tokens, List<bool> added) =>
        tokens.Select((token, i) => i == 0 && prepended
            ? token.Replace(replacement.ToString(), "", StringComparison.Ordinal)
            : token.Replace(replacement, ' ')).ToList();
}

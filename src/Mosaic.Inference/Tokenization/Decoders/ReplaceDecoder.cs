using Mosaic.Inference.Tokenization.Normalizers;

namespace Mosaic.Inference.Tokenization.Decoders;

/// <summary>tokenizer.json <c>Replace</c> decoder: the Replace normalizer applied to each token.</summary>
internal sealed class ReplaceDecoder(string? literal, CodePointRegex? regex, string content) : ITokenDecoder
{
    public List<string> DecodeChain(List<string> tokens, List<bool> added) =>
        tokens.Select(t => ReplaceNormalizer.Replace(t, literal, regex, content)).ToList();
}

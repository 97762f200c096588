namespace Mosaic.Inference.Tokenization.Decoders;

/// <summary>tokenizer.json <c>Fuse</c>: joins all tokens into one.</summary>
internal sealed class FuseDecoder : ITokenDecoder
{
    public List<string> DecodeChain(List<string> tokens, List<bool> added) => [string.Concat(tokens)];
}

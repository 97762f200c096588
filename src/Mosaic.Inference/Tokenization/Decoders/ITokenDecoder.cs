namespace Mosaic.Inference.Tokenization.Decoders;

/// <summary>One step of a tokenizer.json <c>decoder</c>: rewrites the list of token strings (Hugging Face's decode_chain).</summary>
internal interface ITokenDecoder
{
    /// <param name="tokens">The token strings.</param>
    /// <param name="added">For each token, whether it is an added token (kept literally by the byte-level decoder).</param>
    List<string> DecodeChain(List<string> tokens, List<bool> added);
}

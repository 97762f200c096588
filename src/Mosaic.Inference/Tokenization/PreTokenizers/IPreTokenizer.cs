namespace Mosaic.Inference.Tokenization.PreTokenizers;

/// <summary>One step of a tokenizer.json <c>pre_tokenizer</c>: splits a piece of normalized text into smaller pieces.</summary>
internal interface IPreTokenizer
{
    /// <summary>Appends the pieces of <paramref name="piece"/> to <paramref name="output"/>.</summary>
    /// <param name="atStart">Whether the piece begins at the start of the input (Metaspace's <c>prepend_scheme: first</c>).</param>
    void PreTokenize(string piece, bool atStart, List<string> output);
}

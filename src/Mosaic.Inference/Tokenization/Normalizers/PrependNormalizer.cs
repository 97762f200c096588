namespace Mosaic.Inference.Tokenization.Normalizers;

/// <summary>tokenizer.json <c>Prepend</c>: puts a string in front of any non-empty text (Llama 2's "▁").</summary>
internal sealed class PrependNormalizer(string prefix) : ITextNormalizer
{
    public string Normalize(string text) => text.Length == 0 ? text : prefix + text;
}

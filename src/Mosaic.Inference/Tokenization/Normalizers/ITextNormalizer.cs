namespace Mosaic.Inference.Tokenization.Normalizers;

/// <summary>One step of a tokenizer.json <c>normalizer</c>.</summary>
internal interface ITextNormalizer
{
    string Normalize(string text);
}

namespace Mosaic.Inference.Tokenization.Normalizers;

/// <summary>tokenizer.json <c>Sequence</c> of normalizers, applied in order.</summary>
internal sealed class NormalizerSequence(IReadOnlyList<ITextNormalizer> steps) : ITextNormalizer
{
    public IReadOnlyList<ITextNormalizer> Steps => steps;

    public string Normalize(string text)
    {
        foreach (var step in steps)
        {
            text = step.Normalize(text);
        }

        return text;
    }
}

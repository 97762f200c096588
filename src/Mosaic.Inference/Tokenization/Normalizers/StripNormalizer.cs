namespace Mosaic.Inference.Tokenization.Normalizers;

/// <summary>tokenizer.json <c>Strip</c>: removes Unicode white space (Rust's <c>char::is_whitespace</c>) at either end.</summary>
internal sealed class StripNormalizer(bool left, bool right) : ITextNormalizer
{
    public string Normalize(string text)
    {
        var start = 0;
        var end = text.Length;
        while (left && start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (right && end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return text[start..end];
    }
}

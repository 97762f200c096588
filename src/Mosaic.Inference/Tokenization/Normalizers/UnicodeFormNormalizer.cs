using System.Text;
using Mosaic.Inference.Tokenization.Unicode;

namespace Mosaic.Inference.Tokenization.Normalizers;

/// <summary>tokenizer.json <c>NFC</c>, <c>NFD</c>, <c>NFKC</c>, <c>NFKD</c>, by the managed <see cref="UnicodeNormalizer"/>.</summary>
internal sealed class UnicodeFormNormalizer(NormalizationForm form) : ITextNormalizer
{
    public NormalizationForm Form => form;

    public string Normalize(string text) => UnicodeNormalizer.Normalize(text, form);
}

using System.Globalization;
using System.Text;

namespace Mosaic.Inference.Tokenization.Normalizers;

/// <summary>
/// tokenizer.json <c>Lowercase</c>: Unicode full lowercase mapping as Rust's <c>str::to_lowercase</c> does it,
/// i.e. the simple mapping plus İ → i̇ and the final-sigma rule, independent of culture.
/// </summary>
internal sealed class LowercaseNormalizer : ITextNormalizer
{
    public string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length;)
        {
            Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var length);
            if (rune.Value == 0x130)
            {
                builder.Append("i\u0307");
            }
            else if (rune.Value == 0x3A3)
            {
                builder.Append(IsFinalSigma(text, i) ? 'ς' : 'σ');
            }
            else
            {
                builder.Append(Rune.ToLowerInvariant(rune).ToString());
            }

            i += length;
        }

        return builder.ToString();
    }

    // Final_Sigma: preceded by a cased letter (skipping case-ignorables) and not followed by one.
    private static bool IsFinalSigma(string text, int index)
    {
        var before = false;
        for (var i = index; i > 0;)
        {
            Rune.DecodeLastFromUtf16(text.AsSpan(0, i), out var rune, out var length);
            i -= length;
            if (!IsCaseIgnorable(rune))
            {
                before = IsCased(rune);
                break;
            }
        }

        if (!before)
        {
            return false;
        }

        for (var i = index + 1; i < text.Length;)
        {
            Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var length);
            i += length;
            if (!IsCaseIgnorable(rune))
            {
                return !IsCased(rune);
            }
        }

        return true;
    }

    private static bool IsCased(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
        || Rune.ToLowerInvariant(rune) != Rune.ToUpperInvariant(rune);

    private static bool IsCaseIgnorable(Rune rune) =>
        rune.Value is '\'' or '.' or ':' or '^' or '`' or 0xAD or 0x2019
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format
            or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol;
}

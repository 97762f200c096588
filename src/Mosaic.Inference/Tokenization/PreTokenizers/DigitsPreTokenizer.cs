using System.Globalization;
using System.Text;

namespace Mosaic.Inference.Tokenization.PreTokenizers;

/// <summary>tokenizer.json <c>Digits</c>: isolates numeric code points (N*), one by one or in runs.</summary>
internal sealed class DigitsPreTokenizer(bool individualDigits) : IPreTokenizer
{
    public void PreTokenize(string piece, bool atStart, List<string> output)
    {
        var digits = new List<(int Start, int Length)>();
        for (var i = 0; i < piece.Length;)
        {
            Rune.DecodeFromUtf16(piece.AsSpan(i), out var rune, out var length);
            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber)
            {
                digits.Add((i, length));
            }

            i += length;
        }

        PieceSplitter.Split(piece, digits, individualDigits ? SplitBehavior.Isolated : SplitBehavior.Contiguous, invert: false, output);
    }
}

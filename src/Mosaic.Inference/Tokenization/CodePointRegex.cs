using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Mosaic.Inference.Tokenization;

/// <summary>
/// A tokenizer.json regex (written for Oniguruma, which matches code points) run on .NET's UTF-16 regex engine with
/// code-point semantics: before matching, each code point outside the BMP is replaced by one BMP stand-in character
/// of the same Unicode general category, so <c>\p{L}</c>, <c>\p{N}</c>, <c>.</c> and negated classes see one
/// character per code point (𝐀 is a letter, 𝟘 a digit); match positions are mapped back to the original text.
/// Constructs whose meaning differs between Oniguruma and .NET are rejected rather than silently mistranslated.
/// </summary>
internal sealed class CodePointRegex
{
    // A BMP stand-in per general category, none of them ASCII or case-equivalent to an ASCII letter.
    private static readonly Dictionary<UnicodeCategory, char> StandIns = new()
    {
        [UnicodeCategory.UppercaseLetter] = '\uA722',
        [UnicodeCategory.LowercaseLetter] = '\uA723',
        [UnicodeCategory.TitlecaseLetter] = '\u1F88',
        [UnicodeCategory.ModifierLetter] = '\uA015',
        [UnicodeCategory.OtherLetter] = '\uA000',
        [UnicodeCategory.NonSpacingMark] = '\uA66F',
        [UnicodeCategory.SpacingCombiningMark] = '\uA823',
        [UnicodeCategory.EnclosingMark] = '\uA670',
        [UnicodeCategory.DecimalDigitNumber] = '\uA620',
        [UnicodeCategory.LetterNumber] = '\uA6E6',
        [UnicodeCategory.OtherNumber] = '\uA830',
        [UnicodeCategory.ConnectorPunctuation] = '\uFE33',
        [UnicodeCategory.DashPunctuation] = '\uFE31',
        [UnicodeCategory.OpenPunctuation] = '\uFE35',
        [UnicodeCategory.ClosePunctuation] = '\uFE36',
        [UnicodeCategory.InitialQuotePunctuation] = '\u2E02',
        [UnicodeCategory.FinalQuotePunctuation] = '\u2E03',
        [UnicodeCategory.OtherPunctuation] = '\uA60D',
        [UnicodeCategory.MathSymbol] = '\uFB29',
        [UnicodeCategory.CurrencySymbol] = '\uFDFC',
        [UnicodeCategory.ModifierSymbol] = '\uA700',
        [UnicodeCategory.OtherSymbol] = '\uA490',
        [UnicodeCategory.SpaceSeparator] = '\u3000',
        [UnicodeCategory.LineSeparator] = '\u2028',
        [UnicodeCategory.ParagraphSeparator] = '\u2029',
        [UnicodeCategory.Control] = '\u0085',
        [UnicodeCategory.Format] = '\uFFF9',
        [UnicodeCategory.PrivateUse] = '\uE000',
        [UnicodeCategory.OtherNotAssigned] = '\u0378',
    };

    private readonly Regex regex;

    public CodePointRegex(string pattern)
    {
        Pattern = pattern;
        Validate(pattern);
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Multiline | RegexOptions.Compiled);
        }
        catch (ArgumentException e)
        {
            throw new NotSupportedException($"regex '{pattern}' does not compile: {e.Message}", e);
        }
    }

    public string Pattern { get; }

    /// <summary>The categories' stand-ins, for the test that checks each has its category.</summary>
    internal static IReadOnlyDictionary<UnicodeCategory, char> StandInCharacters => StandIns;

    /// <summary>The (start, length) of each match in <paramref name="text"/>, in UTF-16 units of the original text.</summary>
    public List<(int Start, int Length)> Matches(string text)
    {
        var result = new List<(int, int)>();
        if (!text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            for (var match = regex.Match(text); match.Success; match = match.NextMatch())
            {
                result.Add((match.Index, match.Length));
            }

            return result;
        }

        // offsets[i] = position in the original text of stand-in text position i (plus one entry for the end).
        var builder = new StringBuilder(text.Length);
        var offsets = new List<int>(text.Length + 1);
        for (var i = 0; i < text.Length; i++)
        {
            offsets.Add(i);
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var category = CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(text[i], text[i + 1]));
                builder.Append(StandIns[category]);
                i++;
            }
            else
            {
                builder.Append(char.IsSurrogate(text[i]) ? '\uFFFD' : text[i]);
            }
        }

        offsets.Add(text.Length);
        for (var match = regex.Match(builder.ToString()); match.Success; match = match.NextMatch())
        {
            var start = offsets[match.Index];
            result.Add((start, offsets[match.Index + match.Length] - start));
        }

        return result;
    }

    /// <summary>Rejects escapes whose meaning differs between Oniguruma and .NET, and literals that collide with a stand-in.</summary>
    private static void Validate(string pattern)
    {
        if (pattern.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            throw new NotSupportedException($"regex '{pattern}' contains a character outside the BMP, which the code-point matcher does not support");
        }

        var literals = new List<(int Low, int High)>();
        var inClass = false;
        int? previous = null;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            int? literal = null;
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var escape = pattern[++i];
                switch (escape)
                {
                    case 'p' or 'P':
                        i = i + 1 < pattern.Length && pattern[i + 1] == '{' ? pattern.IndexOf('}', i) : -1;
                        if (i < 0)
                        {
                            throw new NotSupportedException($"regex '{pattern}': \\{escape} must be followed by {{Name}}");
                        }

                        break;
                    case 's' or 'S' or 'd' or 'D' or 'r' or 'n' or 't' or 'f' or 'v':
                        break;
                    case 'u' when i + 4 < pattern.Length:
                        literal = int.Parse(pattern.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                        i += 4;
                        break;
                    case 'x' when i + 2 < pattern.Length && pattern[i + 1] != '{':
                        literal = int.Parse(pattern.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                        i += 2;
                        break;
                    default:
                        if (char.IsAsciiLetterOrDigit(escape))
                        {
                            throw new NotSupportedException(
                                $"regex '{pattern}': escape \\{escape} is not supported (its meaning differs between Oniguruma and .NET)");
                        }

                        literal = escape;
                        break;
                }
            }
            else if (c == '[' && !inClass)
            {
                inClass = true;
            }
            else if (c == ']' && inClass)
            {
                inClass = false;
            }
            else if (c == '-' && inClass && previous is not null && i + 1 < pattern.Length && pattern[i + 1] != ']')
            {
                var high = pattern[i + 1] == '\\' && i + 6 < pattern.Length && pattern[i + 2] == 'u'
                    ? int.Parse(pattern.AsSpan(i + 3, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
                    : pattern[i + 1];
                literals.Add((previous.Value, high));
                previous = null;
                continue;
            }
            else
            {
                literal = c;
            }

            previous = literal;
            if (literal is int value && value >= 0x80)
            {
                literals.Add((value, value));
            }
        }

        foreach (var (low, high) in literals)
        {
            foreach (var standIn in StandIns.Values)
            {
                if (standIn >= low && standIn <= high && standIn >= 0x80)
                {
                    throw new NotSupportedException(
                        $"regex '{pattern}' names U+{(int)standIn:X4}, which the code-point matcher uses to stand for characters outside the BMP");
                }
            }
        }
    }
}

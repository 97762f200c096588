using System.Text.RegularExpressions;

namespace Mosaic.Aggregation.Extraction;

/// <summary>
/// Puts an answer into the one spelling the gate compares: numbers as in <see cref="CanonicalNumber"/> (no thousands
/// separators, currency signs, units or trailing periods), option letters upper-case, anything else with LaTeX
/// wrappers and white space removed.
/// </summary>
public static partial class AnswerCanonicalizer
{
    /// <summary>The canonical spelling of an answer, or null when nothing is left of it.</summary>
    public static string? Canonicalize(string? answer, char lastOptionLetter = 'J')
    {
        if (answer is null)
        {
            return null;
        }

        var s = Compact(answer);
        if (s.Length == 0)
        {
            return null;
        }

        var assignment = Assignment().Match(s);
        if (assignment.Success)
        {
            return Canonicalize(assignment.Groups[1].Value, lastOptionLetter);
        }

        var letter = Letter().Match(s);
        if (letter.Success)
        {
            var value = char.ToUpperInvariant((letter.Groups[1].Success ? letter.Groups[1] : letter.Groups[2]).Value[0]);
            if (value <= char.ToUpperInvariant(lastOptionLetter))
            {
                return value.ToString();
            }
        }

        return NumberScanner.Whole(s) ?? s;
    }

    /// <summary>The canonical number when the text is a single number (currency, %, a unit word allowed), else null.</summary>
    public static string? CanonicalizeNumber(string? text) =>
        text is null ? null : NumberScanner.Whole(LatexText.Normalize(text));

    // White space goes last so that the result is a fixed point: removing spaces can bring two markup characters
    // together ("* *"), so normalise again until nothing changes. Every change shortens the text.
    private static string Compact(string text)
    {
        var current = text;
        while (true)
        {
            var next = TrimPeriods(WhiteSpace().Replace(
                LatexText.Normalize(current),
                match => match.Groups["w"].Success ? string.Empty : match.Value));
            if (string.Equals(next, current, StringComparison.Ordinal))
            {
                return current;
            }

            current = next;
        }
    }

    // "\." is an escaped character, not a sentence end; cutting its period would leave a dangling backslash.
    private static string TrimPeriods(string text)
    {
        var end = text.Length;
        while (end > 0 && text[end - 1] == '.')
        {
            var backslashes = 0;
            while (end - 2 - backslashes >= 0 && text[end - 2 - backslashes] == '\\')
            {
                backslashes++;
            }

            if (backslashes % 2 == 1)
            {
                break;
            }

            end--;
        }

        return text[..end];
    }

    // "x = 5" or "n=12": the value, not the name.
    [GeneratedRegex(@"^[A-Za-z]=(.+)$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Assignment();

    [GeneratedRegex(@"^(?:[(\[]([A-Za-z])[)\]]|([A-Z]))$", RegexOptions.CultureInvariant)]
    private static partial Regex Letter();

    [GeneratedRegex(@"(?<w>\s+)" + LatexText.EscapePair, RegexOptions.CultureInvariant)]
    private static partial Regex WhiteSpace();
}

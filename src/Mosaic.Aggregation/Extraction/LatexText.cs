using System.Text.RegularExpressions;

namespace Mosaic.Aggregation.Extraction;

/// <summary>Rewrites the LaTeX and markdown that models wrap around answers into plain text.</summary>
internal static partial class LatexText
{
    // Every pattern also matches any escape pair (a backslash and the next character) and leaves it alone. Matching
    // runs left to right, so a pair is always consumed whole: "\{" (a literal brace) and "\\" (a line break) are never
    // split, and the rewrites keep braces balanced exactly as BoxedScanner counts them. This costs linear time, where
    // a look-behind counting backslashes would be quadratic on long runs of them.
    internal const string EscapePair = @"|\\[\s\S]";

    /// <summary>
    /// Applies the rewrites until nothing changes. Every rewrite shortens the text, so the loop ends, and the result
    /// is a fixed point: normalising it again returns it unchanged.
    /// </summary>
    public static string Normalize(string text)
    {
        var current = text;
        while (true)
        {
            var next = Pass(current);
            if (string.Equals(next, current, StringComparison.Ordinal))
            {
                return current;
            }

            current = next;
        }
    }

    private static string Pass(string text)
    {
        var s = Token().Replace(text, match => !match.Groups["t"].Success ? match.Value : match.Value switch
        {
            @"\$" => "$",
            @"\%" => "%",
            "{,}" => ",",
            @"\dfrac" or @"\tfrac" => @"\frac",
            @"\," or @"\;" or @"\:" or @"\(" or @"\)" or @"\[" or @"\]" => " ",
            _ => string.Empty,
        });
        s = TextCommand().Replace(s, match => match.Groups["c"].Success ? match.Groups["c"].Value : match.Value);
        s = NumericFraction().Replace(s, Fraction);
        return DigitFraction().Replace(s, Fraction);
    }

    private static string Fraction(Match match) =>
        match.Groups["n"].Success ? match.Groups["n"].Value + "/" + match.Groups["d"].Value : match.Value;

    [GeneratedRegex(
        @"(?<t>\*\*|\\[$%]|\{,\}|\\[dt]frac|\\(?:left|right)(?![A-Za-z])|\\[!,;:()\[\]]|\^\{\\circ\}|\^\\circ|°|\\?</?think>)"
        + EscapePair,
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Token();

    [GeneratedRegex(
        @"\\(?:text|textbf|textit|mathrm|mathbf|mbox|operatorname)\s*\{(?<c>(?:[^{}\\]|\\[\s\S])*)\}" + EscapePair,
        RegexOptions.CultureInvariant)]
    private static partial Regex TextCommand();

    [GeneratedRegex(@"\\frac\s*\{\s*(?<n>-?\d+(?:\.\d+)?)\s*\}\s*\{\s*(?<d>\d+(?:\.\d+)?)\s*\}" + EscapePair, RegexOptions.CultureInvariant)]
    private static partial Regex NumericFraction();

    // \frac12 is legal LaTeX for one half.
    [GeneratedRegex(@"\\frac\s*(?<n>\d)(?<d>\d)" + EscapePair, RegexOptions.CultureInvariant)]
    private static partial Regex DigitFraction();
}

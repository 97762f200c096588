using System.Text.RegularExpressions;

namespace Mosaic.Aggregation.Extraction;

/// <summary>Finds number-like tokens in normalised text and canonicalises them.</summary>
internal static partial class NumberScanner
{
    /// <summary>The canonical form of the last number in the text, or null.</summary>
    public static string? Last(string text)
    {
        string? last = null;
        foreach (Match match in Number().Matches(text))
        {
            last = FromMatch(match) ?? last;
        }

        return last;
    }

    /// <summary>The canonical number starting at <paramref name="start"/> after optional spaces, colons and currency signs.</summary>
    public static string? At(string text, int start)
    {
        var match = Leading().Match(text, start);
        return match.Success ? FromMatch(match) : null;
    }

    /// <summary>The canonical number when the whole text is one number, optionally with a currency sign, % or a unit word.</summary>
    public static string? Whole(string text)
    {
        var match = WholeNumber().Match(text);
        return match.Success ? FromMatch(match) : null;
    }

    private static string? FromMatch(Match match)
    {
        var den = match.Groups["den"];
        return CanonicalNumber.Format(
            match.Groups["neg"].Success,
            match.Groups["num"].Value,
            den.Success ? den.Value : null);
    }

    // A minus sign counts only when it does not follow a word character: "5-3" ends with 3, not -3.
    private const string Core =
        @"(?<neg>[-−])?[$€£¥]?(?<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?:/(?<den>\d+))?(?!\d)";

    [GeneratedRegex(@"(?<![\w.)\]}])" + Core, RegexOptions.CultureInvariant)]
    private static partial Regex Number();

    [GeneratedRegex(@"\G[\s:=]*" + Core, RegexOptions.CultureInvariant)]
    private static partial Regex Leading();

    [GeneratedRegex(@"^[\s(]*" + Core + @"\s*(?:%|[A-Za-z][A-Za-z\s.]*)?[.)\s]*$", RegexOptions.CultureInvariant)]
    private static partial Regex WholeNumber();
}

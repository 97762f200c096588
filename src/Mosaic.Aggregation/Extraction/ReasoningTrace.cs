namespace Mosaic.Aggregation.Extraction;

/// <summary>Removes a reasoning model's thinking from its output.</summary>
public static class ReasoningTrace
{
    private const string Open = "<think>";
    private const string Close = "</think>";

    /// <summary>
    /// Everything after the last <c>&lt;/think&gt;</c>. A trace that opens <c>&lt;think&gt;</c> but never closes it
    /// (or an output that is only the start of that tag) was cut off mid-thought and holds no final response, so the
    /// result is empty.
    /// </summary>
    public static string Strip(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var close = text.LastIndexOf(Close, StringComparison.OrdinalIgnoreCase);
        if (close >= 0)
        {
            return text[(close + Close.Length)..];
        }

        return text.Contains(Open, StringComparison.OrdinalIgnoreCase) || IsOpeningCut(text) ? string.Empty : text;
    }

    /// <summary>
    /// The thinking and the response apart, as reasoning models' servers report them (<c>reasoning_content</c> beside
    /// <c>content</c>): the text inside the trace (up to the last <c>&lt;/think&gt;</c>, without its tags) and what follows
    /// it; an unclosed trace is all thinking and no response; an output without a trace has no thinking. An output cut
    /// at its token limit inside a tag keeps no piece of it: one that is only the start of <c>&lt;think&gt;</c> (at least
    /// <c>&lt;t</c>) is thinking that had just begun, and an unclosed trace ending in the start of <c>&lt;/think&gt;</c> (at
    /// least <c>&lt;/</c>) ends before it.
    /// </summary>
    public static (string? Reasoning, string Response) Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var close = text.LastIndexOf(Close, StringComparison.OrdinalIgnoreCase);
        var open = text.IndexOf(Open, StringComparison.OrdinalIgnoreCase);
        if (close >= 0)
        {
            var start = open >= 0 && open < close ? open + Open.Length : 0;
            return (text[start..close].Trim(), text[(close + Close.Length)..].TrimStart());
        }

        if (open >= 0)
        {
            var reasoning = text[(open + Open.Length)..];
            return (reasoning[..^MarkerStart.LengthAtEnd(reasoning, Close, StringComparison.OrdinalIgnoreCase, minimum: 2)].Trim(), string.Empty);
        }

        return IsOpeningCut(text) ? (string.Empty, string.Empty) : (null, text);
    }

    /// <summary>The output is only the start of <c>&lt;think&gt;</c> (two characters or more): cut at its token limit as its thinking began.</summary>
    private static bool IsOpeningCut(string text) =>
        text.Trim() is { Length: >= 2 } trimmed && Open.StartsWith(trimmed, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the output opened a reasoning trace and never closed it.</summary>
    public static bool IsUnfinished(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Contains(Open, StringComparison.OrdinalIgnoreCase)
            && !text.Contains(Close, StringComparison.OrdinalIgnoreCase);
    }
}

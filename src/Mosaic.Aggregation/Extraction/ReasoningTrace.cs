namespace Mosaic.Aggregation.Extraction;

/// <summary>Removes a reasoning model's thinking from its output.</summary>
public static class ReasoningTrace
{
    private const string Open = "<think>";
    private const string Close = "</think>";

    /// <summary>
    /// Everything after the last <c>&lt;/think&gt;</c>. A trace that opens <c>&lt;think&gt;</c> but never closes it
    /// was cut off mid-thought and holds no final response, so the result is empty.
    /// </summary>
    public static string Strip(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var close = text.LastIndexOf(Close, StringComparison.OrdinalIgnoreCase);
        if (close >= 0)
        {
            return text[(close + Close.Length)..];
        }

        return text.Contains(Open, StringComparison.OrdinalIgnoreCase) ? string.Empty : text;
    }

    /// <summary>
    /// The thinking and the response apart, as reasoning models' servers report them (<c>reasoning_content</c> beside
    /// <c>content</c>): the text inside the trace (up to the last <c>&lt;/think&gt;</c>, without its tags) and what follows
    /// it; an unclosed trace is all thinking and no response; an output without a trace has no thinking.
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

        return open >= 0 ? (text[(open + Open.Length)..].Trim(), string.Empty) : (null, text);
    }

    /// <summary>True when the output opened a reasoning trace and never closed it.</summary>
    public static bool IsUnfinished(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Contains(Open, StringComparison.OrdinalIgnoreCase)
            && !text.Contains(Close, StringComparison.OrdinalIgnoreCase);
    }
}

namespace Mosaic.Aggregation.Prompting;

/// <summary>Shortens a response to a budget, keeping its opening and, at twice the length, its ending.</summary>
internal static class ResponseTrimmer
{
    // The ending carries the conclusion, so it gets two thirds of the budget.
    public static string Trim(string text, AggregatorPromptOptions options, out bool truncated)
    {
        var result = text.Length > options.MaxResponseCharacters ? Shorten(text, options.MaxResponseCharacters) : text;
        if (options is { MaxResponseTokens: { } maxTokens, CountTokens: { } count } && count(result) > maxTokens)
        {
            // Largest character budget whose shortened text fits the token cap, by bisection.
            var low = 0;
            var high = Math.Min(text.Length, options.MaxResponseCharacters);
            while (low < high)
            {
                var middle = low + ((high - low + 1) / 2);
                if (count(Shorten(text, middle)) <= maxTokens)
                {
                    low = middle;
                }
                else
                {
                    high = middle - 1;
                }
            }

            result = Shorten(text, low);
        }

        truncated = !ReferenceEquals(result, text);
        return result;
    }

    private static string Shorten(string text, int budget) => Cut(text, budget, out _);

    /// <summary>
    /// Keeps <paramref name="budget"/> characters of <paramref name="text"/>, a third from its opening and the rest
    /// from its ending, and marks the cut in the middle.
    /// </summary>
    public static string Cut(string text, int budget, out int omitted)
    {
        if (text.Length <= budget)
        {
            omitted = 0;
            return text;
        }

        var head = Boundary(text, budget / 3);
        var tail = Boundary(text, text.Length - (budget - head));
        omitted = tail - head;
        return $"{text[..head]}\n[... {omitted} characters omitted ...]\n{text[tail..]}";
    }

    // Never cut a surrogate pair in half.
    private static int Boundary(string text, int index) =>
        index > 0 && index < text.Length && char.IsLowSurrogate(text[index]) ? index - 1 : index;
}

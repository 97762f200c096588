namespace Mosaic.Aggregation.Extraction;

/// <summary>Finds the content of the last complete <c>\boxed{...}</c> (or <c>\fbox{...}</c>).</summary>
internal static class BoxedScanner
{
    private static readonly string[] Commands = [@"\boxed", @"\fbox"];

    /// <summary>
    /// The content of the last box whose braces balance; a box cut off by truncation is skipped in favour of an earlier
    /// complete one. Escaped braces (<c>\{</c>, <c>\}</c>) do not count. Linear in the length of the text.
    /// </summary>
    public static string? LastContent(string text)
    {
        var boxes = new List<(int Start, int End)>();
        foreach (var command in Commands)
        {
            for (var i = text.IndexOf(command, StringComparison.Ordinal); i >= 0; i = text.IndexOf(command, i + 1, StringComparison.Ordinal))
            {
                boxes.Add((i, i + command.Length));
            }
        }

        if (boxes.Count == 0)
        {
            return null;
        }

        var closing = MatchBraces(text);
        foreach (var (_, end) in boxes.OrderByDescending(b => b.Start))
        {
            var content = ContentAfter(text, end, closing);
            if (content is not null)
            {
                return content;
            }
        }

        return null;
    }

    // Maps the position of every '{' that closes to the position of its '}'. A backslash escapes the next character:
    // "\{" is a literal brace, "\\" a line break.
    private static Dictionary<int, int> MatchBraces(string text)
    {
        var closing = new Dictionary<int, int>();
        var open = new Stack<int>();
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\\':
                    i++;
                    break;
                case '{':
                    open.Push(i);
                    break;
                case '}' when open.Count > 0:
                    closing[open.Pop()] = i;
                    break;
            }
        }

        return closing;
    }

    private static string? ContentAfter(string text, int position, Dictionary<int, int> closing)
    {
        var i = position;
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }

        if (i >= text.Length)
        {
            return null;
        }

        if (text[i] == '{')
        {
            return closing.TryGetValue(i, out var end) ? text[(i + 1)..end] : null;
        }

        // "\boxed 5": the argument is the next plain token. A letter right after the command means another command.
        if (i == position || char.IsLetter(text[position]))
        {
            return null;
        }

        var stop = i;
        while (stop < text.Length && (char.IsLetterOrDigit(text[stop]) || text[stop] is '.' or ',' or '-' or '+' or '/'))
        {
            stop++;
        }

        return stop > i ? text[i..stop] : null;
    }
}

namespace Mosaic.Inference.Tokenization;

/// <summary>Finds added tokens in text, leftmost-longest (Hugging Face's AddedVocabulary), and splits the text around them.</summary>
internal sealed class AddedTokenMatcher
{
    private readonly Node root = new();

    public AddedTokenMatcher(IEnumerable<(string Pattern, AddedToken Token)> tokens)
    {
        foreach (var (pattern, token) in tokens)
        {
            if (pattern.Length == 0)
            {
                continue;
            }

            var node = root;
            foreach (var c in pattern)
            {
                node = node.Children.TryGetValue(c, out var child) ? child : node.Children[c] = new Node();
            }

            node.Token ??= token;
            node.Length = pattern.Length;
            IsEmpty = false;
        }
    }

    public bool IsEmpty { get; } = true;

    /// <summary>
    /// Splits <paramref name="text"/> into text parts and added tokens, applying each token's left/right strip to the
    /// neighbouring text (white space as in Rust's <c>char::is_whitespace</c>).
    /// </summary>
    public List<(string Text, AddedToken? Token)> Split(string text)
    {
        var parts = new List<(string Text, AddedToken? Token)>();
        if (IsEmpty)
        {
            parts.Add((text, null));
            return parts;
        }

        var start = 0;
        for (var i = 0; i < text.Length;)
        {
            var (token, length) = LongestAt(text, i);
            if (token is null)
            {
                i++;
                continue;
            }

            if (i > start)
            {
                parts.Add((text[start..i], null));
            }

            parts.Add((text.Substring(i, length), token));
            i += length;
            start = i;
        }

        if (start < text.Length)
        {
            parts.Add((text[start..], null));
        }

        for (var k = 0; k < parts.Count; k++)
        {
            if (parts[k].Token is not { } token)
            {
                continue;
            }

            if (token.LeftStrip && k > 0 && parts[k - 1].Token is null)
            {
                parts[k - 1] = (parts[k - 1].Text.TrimEnd(), null);
            }

            if (token.RightStrip && k + 1 < parts.Count && parts[k + 1].Token is null)
            {
                parts[k + 1] = (parts[k + 1].Text.TrimStart(), null);
            }
        }

        parts.RemoveAll(p => p.Token is null && p.Text.Length == 0);
        return parts;
    }

    private (AddedToken? Token, int Length) LongestAt(string text, int start)
    {
        var node = root;
        (AddedToken? Token, int Length) best = (null, 0);
        for (var i = start; i < text.Length && node.Children.TryGetValue(text[i], out node); i++)
        {
            if (node.Token is not null)
            {
                best = (node.Token, node.Length);
            }
        }

        return best;
    }

    private sealed class Node
    {
        public Dictionary<char, Node> Children { get; } = [];

        public AddedToken? Token { get; set; }

        public int Length { get; set; }
    }
}

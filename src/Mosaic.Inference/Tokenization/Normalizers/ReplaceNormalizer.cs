namespace Mosaic.Inference.Tokenization.Normalizers;

/// <summary>tokenizer.json <c>Replace</c>: every match of a literal string or a regex (on code points) becomes the content.</summary>
internal sealed class ReplaceNormalizer : ITextNormalizer
{
    private readonly string? literal;
    private readonly CodePointRegex? regex;
    private readonly string content;

    private ReplaceNormalizer(string? literal, CodePointRegex? regex, string content)
    {
        this.literal = literal;
        this.regex = regex;
        this.content = content;
    }

    public static ReplaceNormalizer ForString(string pattern, string content) => new(pattern, null, content);

    public static ReplaceNormalizer ForRegex(CodePointRegex pattern, string content) => new(null, pattern, content);

    public string Normalize(string text) => Replace(text, literal, regex, content);

    internal static string Replace(string text, string? literal, CodePointRegex? regex, string content)
    {
        if (literal is not null)
        {
            return literal.Length == 0 ? text : text.Replace(literal, content, StringComparison.Ordinal);
        }

        var matches = regex!.Matches(text);
        if (matches.Count == 0)
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length);
        var position = 0;
        foreach (var (start, length) in matches)
        {
            builder.Append(text, position, start - position).Append(content);
            position = start + length;
        }

        return builder.Append(text, position, text.Length - position).ToString();
    }
}

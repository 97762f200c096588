using System.Globalization;
using System.Text;

namespace Mosaic.Inference.Prompting.Jinja;

/// <summary>
/// Splits a template into text and tag tokens the way Jinja does with the settings Hugging Face uses for chat
/// templates: <c>trim_blocks</c> (the first newline after a block or comment tag is dropped), <c>lstrip_blocks</c>
/// (spaces and tabs before a block or comment tag at the start of a line are dropped), <c>-</c>/<c>+</c> whitespace
/// control on either side of a tag, newlines normalised to <c>\n</c> and one trailing newline dropped.
/// </summary>
internal static class JinjaLexer
{
    private static readonly string[] Operators = ["**", "//", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "<", ">", "=", "(", ")", "[", "]", "{", "}", ",", ".", ":", "|"];

    public static IReadOnlyList<JinjaToken> Tokenize(string source)
    {
        source = source.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        if (source.EndsWith('\n'))
        {
            source = source[..^1];
        }

        var tokens = new List<JinjaToken>();
        var position = 0;
        var line = 1;
        var stripAfter = false;
        var trimNewlineAfter = false;
        var lineStarting = true;
        while (true)
        {
            var start = FindTagStart(source, position);
            var raw = source[position..(start < 0 ? source.Length : start)];
            var text = raw;
            if (stripAfter)
            {
                text = text.TrimStart();
                lineStarting = raw[..(raw.Length - text.Length)].EndsWith('\n');
            }
            else if (trimNewlineAfter && text.StartsWith('\n'))
            {
                text = text[1..];
                lineStarting = true;
            }

            if (start < 0)
            {
                Emit(tokens, text, line);
                tokens.Add(new JinjaToken(JinjaTokenKind.End, "", line + Count(raw, '\n')));
                return tokens;
            }

            var kind = source[start + 1];
            var modifier = start + 2 < source.Length ? source[start + 2] : '\0';
            if (modifier == '-')
            {
                text = text.TrimEnd();
            }
            else if (modifier != '+' && kind != '{')
            {
                var lineStart = text.LastIndexOf('\n') + 1;
                if ((lineStart > 0 || lineStarting) && lineStart < text.Length && text.AsSpan(lineStart).IsWhiteSpace())
                {
                    text = text[..lineStart];
                }
            }

            Emit(tokens, text, line);
            line += Count(raw, '\n');
            position = start + 2 + (modifier is '-' or '+' ? 1 : 0);
            char endModifier;
            if (kind == '#')
            {
                var close = source.IndexOf("#}", position, StringComparison.Ordinal);
                if (close < 0)
                {
                    throw new JinjaException("unclosed comment", line);
                }

                endModifier = close > position && source[close - 1] is '-' or '+' ? source[close - 1] : '\0';
                line += Count(source[position..close], '\n');
                position = close + 2;
            }
            else
            {
                tokens.Add(new JinjaToken(kind == '{' ? JinjaTokenKind.VariableStart : JinjaTokenKind.BlockStart, "", line));
                (position, line, endModifier) = TokenizeTag(source, position, line, kind == '{' ? '}' : '%', tokens);
            }

            stripAfter = endModifier == '-';
            trimNewlineAfter = kind != '{' && endModifier != '+';
            lineStarting = false;
        }
    }

    private static int FindTagStart(string source, int from)
    {
        for (var i = source.IndexOf('{', from); i >= 0 && i + 1 < source.Length; i = source.IndexOf('{', i + 1))
        {
            if (source[i + 1] is '{' or '%' or '#')
            {
                return i;
            }
        }

        return -1;
    }

    private static void Emit(List<JinjaToken> tokens, string text, int line)
    {
        if (text.Length > 0)
        {
            tokens.Add(new JinjaToken(JinjaTokenKind.Text, text, line));
        }
    }

    private static int Count(string text, char c) => text.AsSpan().Count(c);

    /// <summary>Tokens of one <c>{{ … }}</c> or <c>{% … %}</c> up to its closing delimiter (outside brackets).</summary>
    private static (int Position, int Line, char EndModifier) TokenizeTag(string source, int position, int line, char closer, List<JinjaToken> tokens)
    {
        var depth = 0;
        while (true)
        {
            while (position < source.Length && char.IsWhiteSpace(source[position]))
            {
                line += source[position] == '\n' ? 1 : 0;
                position++;
            }

            if (position >= source.Length)
            {
                throw new JinjaException(closer == '}' ? "unclosed '{{'" : "unclosed '{%'", line);
            }

            if (depth == 0)
            {
                foreach (var modifier in new[] { '-', '+', '\0' })
                {
                    var end = modifier == '\0' ? $"{closer}}}" : $"{modifier}{closer}}}";
                    if ((modifier != '+' || closer == '%') && string.CompareOrdinal(source, position, end, 0, end.Length) == 0)
                    {
                        tokens.Add(new JinjaToken(closer == '}' ? JinjaTokenKind.VariableEnd : JinjaTokenKind.BlockEnd, "", line));
                        return (position + end.Length, line, modifier);
                    }
                }
            }

            var c = source[position];
            if (char.IsLetter(c) || c == '_')
            {
                var begin = position;
                while (position < source.Length && (char.IsLetterOrDigit(source[position]) || source[position] == '_'))
                {
                    position++;
                }

                tokens.Add(new JinjaToken(JinjaTokenKind.Name, source[begin..position], line));
            }
            else if (char.IsAsciiDigit(c))
            {
                position = Number(source, position, line, tokens);
            }
            else if (c is '\'' or '"')
            {
                (position, var value, var lines) = StringLiteral(source, position, line);
                tokens.Add(new JinjaToken(JinjaTokenKind.String, value, line));
                line += lines;
            }
            else
            {
                var op = Operators.FirstOrDefault(o => string.CompareOrdinal(source, position, o, 0, o.Length) == 0)
                    ?? throw new JinjaException($"unexpected character '{c}'", line);
                depth += op is "(" or "[" or "{" ? 1 : op is ")" or "]" or "}" ? -1 : 0;
                if (depth < 0)
                {
                    throw new JinjaException($"unbalanced '{op}'", line);
                }

                tokens.Add(new JinjaToken(JinjaTokenKind.Operator, op, line));
                position += op.Length;
            }
        }
    }

    private static int Number(string source, int position, int line, List<JinjaToken> tokens)
    {
        var begin = position;
        while (position < source.Length && (char.IsAsciiDigit(source[position]) || source[position] == '_'))
        {
            position++;
        }

        var isFloat = false;
        if (position + 1 < source.Length && source[position] == '.' && char.IsAsciiDigit(source[position + 1]))
        {
            isFloat = true;
            position++;
            while (position < source.Length && char.IsAsciiDigit(source[position]))
            {
                position++;
            }
        }

        if (position < source.Length && source[position] is 'e' or 'E')
        {
            var exponent = position + 1;
            if (exponent < source.Length && source[exponent] is '+' or '-')
            {
                exponent++;
            }

            if (exponent < source.Length && char.IsAsciiDigit(source[exponent]))
            {
                isFloat = true;
                position = exponent;
                while (position < source.Length && char.IsAsciiDigit(source[position]))
                {
                    position++;
                }
            }
        }

        var text = source[begin..position].Replace("_", "", StringComparison.Ordinal);
        tokens.Add(new JinjaToken(isFloat ? JinjaTokenKind.Float : JinjaTokenKind.Integer, text, line));
        return position;
    }

    private static (int Position, string Value, int Lines) StringLiteral(string source, int position, int line)
    {
        var quote = source[position++];
        var value = new StringBuilder();
        var lines = 0;
        while (true)
        {
            if (position >= source.Length)
            {
                throw new JinjaException("unterminated string literal", line);
            }

            var c = source[position++];
            if (c == quote)
            {
                return (position, value.ToString(), lines);
            }

            lines += c == '\n' ? 1 : 0;
            if (c != '\\')
            {
                value.Append(c);
                continue;
            }

            if (position >= source.Length)
            {
                throw new JinjaException("unterminated string literal", line);
            }

            var e = source[position++];
            switch (e)
            {
                case 'n': value.Append('\n'); break;
                case 't': value.Append('\t'); break;
                case 'r': value.Append('\r'); break;
                case 'b': value.Append('\b'); break;
                case 'f': value.Append('\f'); break;
                case 'v': value.Append('\v'); break;
                case '0': value.Append('\0'); break;
                case '\\' or '\'' or '"': value.Append(e); break;
                case '\n': lines++; break;
                case 'x' or 'u' or 'U':
                    var digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (position + digits > source.Length
                        || !int.TryParse(source.AsSpan(position, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        throw new JinjaException($"invalid \\{e} escape in string literal", line);
                    }

                    value.Append(char.ConvertFromUtf32(code));
                    position += digits;
                    break;
                default:
                    // Python keeps unknown escapes as written.
                    value.Append('\\').Append(e);
                    break;
            }
        }
    }
}

using System.Globalization;
using System.Text;

namespace Mosaic.Inference.Prompting.Jinja;

/// <summary>
/// The <c>tojson</c> filter as Hugging Face defines it: Python's <c>json.dumps(value, ensure_ascii=False,
/// indent=indent)</c>, so separators are <c>", "</c> and <c>": "</c> on one line, <c>","</c> with an indent.
/// </summary>
internal static class JinjaJson
{
    public static string Serialize(object? value, int? indent)
    {
        var builder = new StringBuilder();
        Write(builder, value, indent, 0);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, object? value, int? indent, int depth)
    {
        switch (value)
        {
            case null:
                builder.Append("null");
                break;
            case bool b:
                builder.Append(b ? "true" : "false");
                break;
            case long l:
                builder.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                builder.Append(double.IsNaN(d) ? "NaN" : double.IsInfinity(d) ? (d > 0 ? "Infinity" : "-Infinity") : JinjaValues.FormatFloat(d));
                break;
            case string s:
                WriteString(builder, s);
                break;
            case List<object?> list:
                WriteItems(builder, '[', ']', list, indent, depth, (item, level) => Write(builder, item, indent, level));
                break;
            case Dictionary<string, object?> dict:
                WriteItems(builder, '{', '}', dict.ToList(), indent, depth, (entry, level) =>
                {
                    WriteString(builder, entry.Key);
                    builder.Append(": ");
                    Write(builder, entry.Value, indent, level);
                });
                break;
            case JinjaNamespace ns:
                Write(builder, ns.Attributes, indent, depth);
                break;
            default:
                throw new JinjaException($"tojson cannot serialise {JinjaValues.TypeName(value)}");
        }
    }

    private static void WriteItems<T>(StringBuilder builder, char open, char close, IReadOnlyList<T> items, int? indent, int depth, Action<T, int> write)
    {
        builder.Append(open);
        if (items.Count == 0)
        {
            builder.Append(close);
            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (indent is { } n)
            {
                builder.Append(i == 0 ? "" : ",").Append('\n').Append(' ', n * (depth + 1));
            }
            else if (i > 0)
            {
                builder.Append(", ");
            }

            write(items[i], depth + 1);
        }

        if (indent is { } m)
        {
            builder.Append('\n').Append(' ', m * depth);
        }

        builder.Append(close);
    }

    private static void WriteString(StringBuilder builder, string s)
    {
        builder.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case < ' ': builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: builder.Append(c); break;
            }
        }

        builder.Append('"');
    }
}

using System.Globalization;
using System.Text;

namespace Mosaic.Inference.Prompting.Jinja;

/// <summary>
/// Python semantics for template values: <c>null</c> is None, <see cref="long"/>/<see cref="double"/>/<see cref="bool"/>
/// numbers, strings indexed by code point, <see cref="List{T}"/> lists, string-keyed dictionaries, namespaces,
/// callables and <see cref="JinjaUndefined"/>.
/// </summary>
internal static class JinjaValues
{
    public static bool IsTruthy(object? value) => value switch
    {
        null or JinjaUndefined => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        List<object?> list => list.Count > 0,
        Dictionary<string, object?> dict => dict.Count > 0,
        _ => true,
    };

    public static bool IsNumber(object? value) => value is long or double or bool;

    public static double ToDouble(object? value) => value switch
    {
        long l => l,
        double d => d,
        bool b => b ? 1 : 0,
        _ => throw new JinjaException($"expected a number, got {TypeName(value)}"),
    };

    public static long ToLong(object? value) => value switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        _ => throw new JinjaException($"expected an integer, got {TypeName(value)}"),
    };

    public static string TypeName(object? value) => value switch
    {
        null => "None",
        JinjaUndefined => "undefined",
        bool => "bool",
        long => "int",
        double => "float",
        string => "str",
        List<object?> => "list",
        Dictionary<string, object?> => "dict",
        JinjaNamespace => "namespace",
        JinjaCallable => "function",
        _ => value.GetType().Name,
    };

    /// <summary>Python's <c>str(value)</c>, which is what <c>{{ value }}</c> prints.</summary>
    public static string ToOutput(object? value) => value switch
    {
        string s => s,
        JinjaUndefined => "",
        _ => Repr(value),
    };

    /// <summary>Python's <c>repr(value)</c> (strings quoted), used inside printed lists and dictionaries.</summary>
    public static string Repr(object? value)
    {
        switch (value)
        {
            case null:
                return "None";
            case JinjaUndefined:
                return "";
            case bool b:
                return b ? "True" : "False";
            case long l:
                return l.ToString(CultureInfo.InvariantCulture);
            case double d:
                return FormatFloat(d);
            case string s:
                return QuoteString(s);
            case List<object?> list:
                return "[" + string.Join(", ", list.Select(Repr)) + "]";
            case Dictionary<string, object?> dict:
                return "{" + string.Join(", ", dict.Select(kv => QuoteString(kv.Key) + ": " + Repr(kv.Value))) + "}";
            case JinjaNamespace:
                return "<Namespace>";
            default:
                return value.ToString() ?? "";
        }
    }

    public static string FormatFloat(double d)
    {
        if (double.IsNaN(d))
        {
            return "nan";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "inf" : "-inf";
        }

        var text = d.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);
        return text.Contains('.') || text.Contains('e') ? text : text + ".0";
    }

    private static string QuoteString(string s)
    {
        var quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        var builder = new StringBuilder().Append(quote);
        foreach (var c in s)
        {
            builder.Append(c switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c == quote => "\\" + c,
                _ => c.ToString(),
            });
        }

        return builder.Append(quote).ToString();
    }

    public static bool AreEqual(object? left, object? right)
    {
        if (IsNumber(left) && IsNumber(right))
        {
            return left is double || right is double ? ToDouble(left) == ToDouble(right) : ToLong(left) == ToLong(right);
        }

        return (left, right) switch
        {
            (null, null) => true,
            (JinjaUndefined, JinjaUndefined) => true,
            (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
            (List<object?> a, List<object?> b) => a.Count == b.Count && a.Zip(b).All(p => AreEqual(p.First, p.Second)),
            (Dictionary<string, object?> a, Dictionary<string, object?> b) =>
                a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var other) && AreEqual(kv.Value, other)),
            _ => ReferenceEquals(left, right),
        };
    }

    public static int Compare(object? left, object? right)
    {
        if (IsNumber(left) && IsNumber(right))
        {
            return ToDouble(left).CompareTo(ToDouble(right));
        }

        if (left is string a && right is string b)
        {
            return string.CompareOrdinal(a, b) switch { < 0 => -1, > 0 => 1, _ => 0 };
        }

        if (left is List<object?> x && right is List<object?> y)
        {
            for (var i = 0; i < Math.Min(x.Count, y.Count); i++)
            {
                if (!AreEqual(x[i], y[i]))
                {
                    return Compare(x[i], y[i]);
                }
            }

            return x.Count.CompareTo(y.Count);
        }

        throw new JinjaException($"cannot compare {TypeName(left)} with {TypeName(right)}");
    }

    /// <summary>What <c>for</c> iterates: list items, a string's characters, a dictionary's keys; undefined is empty.</summary>
    public static IEnumerable<object?> Iterate(object? value) => value switch
    {
        List<object?> list => list,
        string s => CodePoints(s),
        Dictionary<string, object?> dict => dict.Keys,
        JinjaUndefined => [],
        _ => throw new JinjaException($"{TypeName(value)} is not iterable"),
    };

    public static long Length(object? value) => value switch
    {
        string s => CodePointCount(s),
        List<object?> list => list.Count,
        Dictionary<string, object?> dict => dict.Count,
        JinjaUndefined => 0,
        _ => throw new JinjaException($"{TypeName(value)} has no length"),
    };

    public static bool Contains(object? container, object? item) => container switch
    {
        string s when item is string part => s.Contains(part, StringComparison.Ordinal),
        string => throw new JinjaException($"'in <string>' requires a string, got {TypeName(item)}"),
        List<object?> list => list.Any(x => AreEqual(x, item)),
        Dictionary<string, object?> dict => item is string key && dict.ContainsKey(key),
        JinjaUndefined => false,
        _ => throw new JinjaException($"{TypeName(container)} does not support 'in'"),
    };

    public static List<object?> CodePoints(string s)
    {
        var result = new List<object?>(s.Length);
        foreach (var rune in s.EnumerateRunes())
        {
            result.Add(rune.ToString());
        }

        return result;
    }

    public static int CodePointCount(string s)
    {
        var count = 0;
        foreach (var _ in s.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    /// <summary>Python's <c>slice.indices</c>: the positions a <c>[start:stop:step]</c> slice selects.</summary>
    public static IEnumerable<int> SliceIndices(int length, long? start, long? stop, long? step)
    {
        var s = step ?? 1;
        if (s == 0)
        {
            throw new JinjaException("slice step cannot be zero");
        }

        long Clamp(long? value, long whenNull)
        {
            if (value is not { } v)
            {
                return whenNull;
            }

            if (v < 0)
            {
                v += length;
                return Math.Max(v, s < 0 ? -1 : 0);
            }

            return Math.Min(v, s < 0 ? length - 1 : length);
        }

        var from = Clamp(start, s < 0 ? length - 1 : 0);
        var to = Clamp(stop, s < 0 ? -1 : length);
        for (var i = from; s > 0 ? i < to : i > to; i += s)
        {
            yield return (int)i;
        }
    }

    /// <summary>Python's <c>str.strip</c> family: whitespace, or any of <paramref name="chars"/>.</summary>
    public static string Strip(string s, string? chars, bool left, bool right)
    {
        bool Drop(char c) => chars is null ? IsPythonWhitespace(c) : chars.Contains(c);
        var begin = 0;
        var end = s.Length;
        while (left && begin < end && Drop(s[begin]))
        {
            begin++;
        }

        while (right && end > begin && Drop(s[end - 1]))
        {
            end--;
        }

        return s[begin..end];
    }

    public static bool IsPythonWhitespace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';
}

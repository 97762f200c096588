namespace Mosaic.Inference.Prompting.Jinja;

/// <summary>The Python string and dictionary methods chat templates call (<c>content.split('&lt;/think&gt;')[-1]</c>).</summary>
internal static class JinjaMethods
{
    private static readonly HashSet<string> StringMethods =
        ["startswith", "endswith", "split", "rsplit", "strip", "lstrip", "rstrip", "upper", "lower", "title", "capitalize", "replace", "find", "rfind", "count", "join", "splitlines", "isdigit", "isspace"];

    private static readonly HashSet<string> DictMethods = ["items", "keys", "values", "get"];

    public static bool Supports(string name) => StringMethods.Contains(name) || DictMethods.Contains(name);

    /// <summary>The method <paramref name="name"/> bound to <paramref name="target"/>, or null if it has none.</summary>
    public static JinjaCallable? Bind(object? target, string name) => target switch
    {
        string s when StringMethods.Contains(name) => (args, _) => CallString(s, name, args),
        Dictionary<string, object?> d when DictMethods.Contains(name) => (args, _) => CallDict(d, name, args),
        _ => null,
    };

    private static object? CallDict(Dictionary<string, object?> d, string name, IReadOnlyList<object?> args) => name switch
    {
        "items" => d.Select(kv => (object?)new List<object?> { kv.Key, kv.Value }).ToList(),
        "keys" => d.Keys.Select(k => (object?)k).ToList(),
        "values" => d.Values.ToList(),
        _ => args.Count > 0 && args[0] is string key && d.TryGetValue(key, out var value) ? value : args.Count > 1 ? args[1] : null,
    };

    private static object? CallString(string s, string name, IReadOnlyList<object?> args)
    {
        string? Text(int i) => i < args.Count ? args[i] switch
        {
            null => null,
            string t => t,
            var other => throw new JinjaException($"{name}() expects a string argument, got {JinjaValues.TypeName(other)}"),
        } : null;

        switch (name)
        {
            case "startswith" or "endswith":
                var prefixes = args.Count > 0 && args[0] is List<object?> list ? list.Select(p => p as string ?? "") : [Text(0) ?? ""];
                return prefixes.Any(p => name == "startswith" ? s.StartsWith(p, StringComparison.Ordinal) : s.EndsWith(p, StringComparison.Ordinal));
            case "split" or "rsplit":
                return Split(s, Text(0), args.Count > 1 ? JinjaValues.ToLong(args[1]) : -1, name == "rsplit");
            case "strip":
                return JinjaValues.Strip(s, Text(0), left: true, right: true);
            case "lstrip":
                return JinjaValues.Strip(s, Text(0), left: true, right: false);
            case "rstrip":
                return JinjaValues.Strip(s, Text(0), left: false, right: true);
            case "upper":
                return s.ToUpperInvariant();
            case "lower":
                return s.ToLowerInvariant();
            case "title":
                return JinjaFilters.Title(s);
            case "capitalize":
                return s.Length == 0 ? s : s[..1].ToUpperInvariant() + s[1..].ToLowerInvariant();
            case "replace":
                return Replace(s, Text(0) ?? "", Text(1) ?? "", args.Count > 2 ? JinjaValues.ToLong(args[2]) : -1);
            case "find":
                return (long)s.IndexOf(Text(0) ?? "", StringComparison.Ordinal);
            case "rfind":
                return (long)s.LastIndexOf(Text(0) ?? "", StringComparison.Ordinal);
            case "count":
                var part = Text(0) ?? "";
                return part.Length == 0 ? (long)JinjaValues.CodePointCount(s) + 1 : (long)((s.Length - s.Replace(part, "", StringComparison.Ordinal).Length) / part.Length);
            case "join":
                return string.Join(s, JinjaValues.Iterate(args.Count > 0 ? args[0] : null).Select(JinjaValues.ToOutput));
            case "splitlines":
                return s.Split('\n').Select(l => (object?)l.TrimEnd('\r')).Take(s.EndsWith('\n') ? s.Split('\n').Length - 1 : int.MaxValue).ToList();
            case "isdigit":
                return s.Length > 0 && s.All(char.IsDigit);
            default:
                return s.Length > 0 && s.All(JinjaValues.IsPythonWhitespace);
        }
    }

    internal static string Replace(string s, string old, string replacement, long count)
    {
        if (count < 0)
        {
            return old.Length == 0 ? string.Concat(JinjaValues.CodePoints(s).Select(c => replacement + c)) + replacement : s.Replace(old, replacement, StringComparison.Ordinal);
        }

        var result = s;
        var from = 0;
        for (var i = 0; i < count && old.Length > 0; i++)
        {
            var at = result.IndexOf(old, from, StringComparison.Ordinal);
            if (at < 0)
            {
                break;
            }

            result = string.Concat(result.AsSpan(0, at), replacement, result.AsSpan(at + old.Length));
            from = at + replacement.Length;
        }

        return result;
    }

    private static List<object?> Split(string s, string? separator, long maxSplit, bool fromRight)
    {
        List<string> parts;
        if (separator is null)
        {
            parts = [.. s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)];
            parts = [.. parts.Where(p => !p.All(JinjaValues.IsPythonWhitespace))];
            if (maxSplit >= 0 && parts.Count > maxSplit + 1)
            {
                // Rare in chat templates; keep Python's meaning for the simple case of leading splits.
                var kept = fromRight ? parts.Skip(parts.Count - (int)maxSplit).ToList() : parts.Take((int)maxSplit).ToList();
                var rest = fromRight ? string.Join(" ", parts.Take(parts.Count - (int)maxSplit)) : string.Join(" ", parts.Skip((int)maxSplit));
                parts = fromRight ? [rest, .. kept] : [.. kept, rest];
            }
        }
        else
        {
            if (separator.Length == 0)
            {
                throw new JinjaException("empty separator");
            }

            parts = [.. s.Split(separator)];
            if (maxSplit >= 0 && parts.Count > maxSplit + 1)
            {
                var keep = (int)maxSplit;
                parts = fromRight
                    ? [string.Join(separator, parts.Take(parts.Count - keep)), .. parts.Skip(parts.Count - keep)]
                    : [.. parts.Take(keep), string.Join(separator, parts.Skip(keep))];
            }
        }

        return parts.Select(p => (object?)p).ToList();
    }
}

using System.Globalization;
using System.Text;

namespace Mosaic.Inference.Prompting.Jinja;

/// <summary>The filters of <c>value | name(arguments)</c> that chat templates use, with Jinja's meaning.</summary>
internal static class JinjaFilters
{
    private delegate object? Filter(object? value, IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> kwargs);

    private static readonly Dictionary<string, Filter> Filters = new(StringComparer.Ordinal)
    {
        ["trim"] = (v, a, k) => JinjaValues.Strip(JinjaValues.ToOutput(v), Optional(a, k, 0, "chars") as string, left: true, right: true),
        ["length"] = (v, _, _) => JinjaValues.Length(v),
        ["count"] = (v, _, _) => JinjaValues.Length(v),
        ["tojson"] = (v, a, k) => JinjaJson.Serialize(v, Optional(a, k, 0, "indent") is { } i ? (int)JinjaValues.ToLong(i) : null),
        ["string"] = (v, _, _) => JinjaValues.ToOutput(v),
        ["lower"] = (v, _, _) => JinjaValues.ToOutput(v).ToLowerInvariant(),
        ["upper"] = (v, _, _) => JinjaValues.ToOutput(v).ToUpperInvariant(),
        ["title"] = (v, _, _) => Title(JinjaValues.ToOutput(v)),
        ["capitalize"] = (v, _, _) => JinjaValues.ToOutput(v) is { Length: > 0 } s ? s[..1].ToUpperInvariant() + s[1..].ToLowerInvariant() : "",
        ["replace"] = (v, a, k) => JinjaMethods.Replace(
            JinjaValues.ToOutput(v), JinjaValues.ToOutput(Required(a, k, 0, "old", "replace")), JinjaValues.ToOutput(Required(a, k, 1, "new", "replace")),
            Optional(a, k, 2, "count") is { } c ? JinjaValues.ToLong(c) : -1),
        ["default"] = Default,
        ["d"] = Default,
        ["first"] = (v, _, _) => JinjaValues.Iterate(v).FirstOrDefault(),
        ["last"] = (v, _, _) => v is List<object?> { Count: > 0 } list ? list[^1] : JinjaValues.Iterate(v).LastOrDefault(),
        ["join"] = Join,
        ["list"] = (v, _, _) => JinjaValues.Iterate(v).ToList(),
        ["reverse"] = (v, _, _) => v is string s ? string.Concat(JinjaValues.CodePoints(s).AsEnumerable().Reverse()) : JinjaValues.Iterate(v).Reverse().ToList(),
        ["items"] = (v, _, _) => v is Dictionary<string, object?> d
            ? d.Select(kv => (object?)new List<object?> { kv.Key, kv.Value }).ToList()
            : v is JinjaUndefined ? new List<object?>() : throw new JinjaException($"items expects a mapping, got {JinjaValues.TypeName(v)}"),
        ["int"] = (v, a, k) => ToInt(v, Optional(a, k, 0, "default") ?? 0L),
        ["float"] = (v, a, k) => ToFloat(v, Optional(a, k, 0, "default") ?? 0.0),
        ["abs"] = (v, _, _) => v is double d ? Math.Abs(d) : (object)Math.Abs(JinjaValues.ToLong(v)),
        ["safe"] = (v, _, _) => v,
        ["select"] = (v, a, _) => Select(v, a, attribute: false, keep: true),
        ["reject"] = (v, a, _) => Select(v, a, attribute: false, keep: false),
        ["selectattr"] = (v, a, _) => Select(v, a, attribute: true, keep: true),
        ["rejectattr"] = (v, a, _) => Select(v, a, attribute: true, keep: false),
        ["map"] = Map,
    };

    public static bool Supports(string name) => Filters.ContainsKey(name);

    public static object? Apply(string name, object? value, IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> kwargs) =>
        Filters.TryGetValue(name, out var filter) ? filter(value, args, kwargs) : throw new JinjaException($"the filter '{name}' is not supported");

    internal static string Title(string s)
    {
        var builder = new StringBuilder(s.Length);
        var previousIsLetter = false;
        foreach (var c in s)
        {
            builder.Append(previousIsLetter ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c));
            previousIsLetter = char.IsLetter(c);
        }

        return builder.ToString();
    }

    private static object? Default(object? value, IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> kwargs)
    {
        var fallback = Optional(args, kwargs, 0, "default_value") ?? "";
        var boolean = JinjaValues.IsTruthy(Optional(args, kwargs, 1, "boolean"));
        return value is JinjaUndefined || boolean && !JinjaValues.IsTruthy(value) ? fallback : value;
    }

    private static object? Join(object? value, IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> kwargs)
    {
        var separator = JinjaValues.ToOutput(Optional(args, kwargs, 0, "d") ?? "");
        var attribute = Optional(args, kwargs, 1, "attribute") as string;
        return string.Join(separator, JinjaValues.Iterate(value).Select(item => JinjaValues.ToOutput(attribute is null ? item : Attribute(item, attribute))));
    }

    private static object? Map(object? value, IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> kwargs)
    {
        if (kwargs.TryGetValue("attribute", out var attribute) && attribute is string name)
        {
            var fallback = kwargs.TryGetValue("default", out var d) ? d : null;
            return JinjaValues.Iterate(value).Select(item => Attribute(item, name) is JinjaUndefined && fallback is not null ? fallback : Attribute(item, name)).ToList();
        }

        if (args.Count > 0 && args[0] is string filter)
        {
            return JinjaValues.Iterate(value).Select(item => Apply(filter, item, args.Skip(1).ToList(), new Dictionary<string, object?>())).ToList();
        }

        throw new JinjaException("map needs a filter name or attribute=");
    }

    private static List<object?> Select(object? value, IReadOnlyList<object?> args, bool attribute, bool keep)
    {
        var offset = attribute ? 1 : 0;
        var name = attribute ? args.Count > 0 && args[0] is string a ? a : throw new JinjaException("selectattr needs an attribute name") : null;
        var test = args.Count > offset ? args[offset] as string ?? throw new JinjaException("select needs a test name") : null;
        var testArgs = args.Skip(offset + 1).ToList();
        if (test is not null && !JinjaTests.Supports(test))
        {
            throw new JinjaException($"the test '{test}' is not supported");
        }

        return JinjaValues.Iterate(value).Where(item =>
        {
            var subject = name is null ? item : Attribute(item, name);
            var passed = test is null ? JinjaValues.IsTruthy(subject) : JinjaTests.Apply(test, subject, testArgs);
            return passed == keep;
        }).ToList();
    }

    private static object? Attribute(object? item, string name) => item switch
    {
        Dictionary<string, object?> d => d.TryGetValue(name, out var v) ? v : new JinjaUndefined(name),
        JinjaNamespace ns => ns.Attributes.TryGetValue(name, out var v) ? v : new JinjaUndefined(name),
        _ => new JinjaUndefined(name),
    };

    private static object? ToInt(object? value, object? fallback) => value switch
    {
        long l => l,
        bool b => b ? 1L : 0L,
        double d => (long)Math.Truncate(d),
        string s when long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => (long)Math.Truncate(d),
        _ => fallback,
    };

    private static object? ToFloat(object? value, object? fallback) => value switch
    {
        long l => (double)l,
        bool b => b ? 1.0 : 0.0,
        double d => d,
        string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => fallback,
    };

    private static object? Optional(IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> kwargs, int index, string name) =>
        index < args.Count ? args[index] : kwargs.TryGetValue(name, out var value) ? value : null;

    private static object? Required(IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> kwargs, int index, string name, string filter) =>
        index < args.Count || kwargs.ContainsKey(name) ? Optional(args, kwargs, index, name) : throw new JinjaException($"the filter '{filter}' needs '{name}'");
}

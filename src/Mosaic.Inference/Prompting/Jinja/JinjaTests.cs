namespace Mosaic.Inference.Prompting.Jinja;

/// <summary>The tests of <c>value is name</c>, with Jinja's (Python's) meaning.</summary>
internal static class JinjaTests
{
    private static readonly Dictionary<string, Func<object?, IReadOnlyList<object?>, bool>> Tests = new(StringComparer.Ordinal)
    {
        ["defined"] = (v, _) => v is not JinjaUndefined,
        ["undefined"] = (v, _) => v is JinjaUndefined,
        ["none"] = (v, _) => v is null,
        ["string"] = (v, _) => v is string,
        ["number"] = (v, _) => JinjaValues.IsNumber(v),
        ["integer"] = (v, _) => v is long,
        ["float"] = (v, _) => v is double,
        ["boolean"] = (v, _) => v is bool,
        ["true"] = (v, _) => v is true,
        ["false"] = (v, _) => v is false,
        ["mapping"] = (v, _) => v is Dictionary<string, object?>,
        ["iterable"] = (v, _) => v is string or List<object?> or Dictionary<string, object?> or JinjaUndefined,
        ["sequence"] = (v, _) => v is string or List<object?> or Dictionary<string, object?> or JinjaUndefined,
        ["callable"] = (v, _) => v is JinjaCallable,
        ["odd"] = (v, _) => JinjaValues.ToLong(v) % 2 != 0,
        ["even"] = (v, _) => JinjaValues.ToLong(v) % 2 == 0,
        ["divisibleby"] = (v, a) => JinjaValues.ToLong(v) % JinjaValues.ToLong(Argument(a, "divisibleby")) == 0,
        ["eq"] = (v, a) => JinjaValues.AreEqual(v, Argument(a, "eq")),
        ["equalto"] = (v, a) => JinjaValues.AreEqual(v, Argument(a, "equalto")),
        ["ne"] = (v, a) => !JinjaValues.AreEqual(v, Argument(a, "ne")),
        ["lt"] = (v, a) => JinjaValues.Compare(v, Argument(a, "lt")) < 0,
        ["le"] = (v, a) => JinjaValues.Compare(v, Argument(a, "le")) <= 0,
        ["gt"] = (v, a) => JinjaValues.Compare(v, Argument(a, "gt")) > 0,
        ["ge"] = (v, a) => JinjaValues.Compare(v, Argument(a, "ge")) >= 0,
        ["in"] = (v, a) => JinjaValues.Contains(Argument(a, "in"), v),
        ["sameas"] = (v, a) => ReferenceEquals(v, Argument(a, "sameas")) || v is null && Argument(a, "sameas") is null || v is bool b && Argument(a, "sameas") is bool c && b == c,
        ["lower"] = (v, _) => v is string s && s == s.ToLowerInvariant(),
        ["upper"] = (v, _) => v is string s && s == s.ToUpperInvariant(),
    };

    public static bool Supports(string name) => Tests.ContainsKey(name);

    public static bool Apply(string name, object? value, IReadOnlyList<object?> arguments) =>
        Tests.TryGetValue(name, out var test) ? test(value, arguments) : throw new JinjaException($"the test '{name}' is not supported");

    private static object? Argument(IReadOnlyList<object?> arguments, string test) =>
        arguments.Count > 0 ? arguments[0] : throw new JinjaException($"the test '{test}' needs an argument");
}

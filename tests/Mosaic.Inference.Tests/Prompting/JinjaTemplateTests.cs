using Mosaic.Inference.Prompting.Jinja;

namespace Mosaic.Inference.Tests.Prompting;

/// <summary>Expected outputs are what Python's Jinja2 (trim_blocks, lstrip_blocks, as transformers sets it) prints.</summary>
public sealed class JinjaTemplateTests
{
    private static string Render(string template, Dictionary<string, object?>? variables = null) =>
        JinjaTemplate.Parse(template).Render(variables ?? [], () => new DateTime(2024, 7, 26, 9, 5, 0));

    [Theory]
    [InlineData("{% for x in [1, 2, 3] %}{{ loop.index }}{% if not loop.last %},{% endif %}{% endfor %}", "1,2,3")]
    [InlineData("{% for x in [] %}a{% else %}empty{% endfor %}", "empty")]
    [InlineData("{% for x in [1, 2, 3, 4] if x is even %}{{ x }}/{{ loop.length }} {% endfor %}", "2/2 4/2 ")]
    [InlineData("{% for x in [1, 2, 3] %}{% if x == 2 %}{% continue %}{% endif %}{{ x }}{% endfor %}", "13")]
    [InlineData("{% for k, v in {'a': 1, 'b': 2}.items() %}{{ k }}={{ v }};{% endfor %}", "a=1;b=2;")]
    [InlineData("{{ 'abcdef'[::-1] }} {{ 'abcdef'[1:3] }} {{ [1, 2, 3][-1] }} {{ [1, 2, 3, 4][1:] }}", "fedcba bc 3 [2, 3, 4]")]
    [InlineData("{{ 'a</think>b</think>c'.split('</think>')[-1] }}|{{ '\\n\\nx\\n'.lstrip('\\n') }}|{{ ' x '.strip() }}|", "c|x\n|x|")]
    [InlineData("{{ 7 // 2 }} {{ -7 // 2 }} {{ 7 % -3 }} {{ 7 / 2 }} {{ 2 ** 10 }} {{ 1 + 2 * 3 }}", "3 -4 -2 3.5 1024 7")]
    [InlineData("{{ none }} {{ true }} {{ 1.0 }} {{ undefined_name }}|{{ ['a', 1, none] }}", "None True 1.0 |['a', 1, None]")]
    [InlineData("{{ {'a': [1, 'x\"', none, true], 'b': 1.5} | tojson }}", "{\"a\": [1, \"x\\\"\", null, true], \"b\": 1.5}")]
    [InlineData("{{ {'a': [1]} | tojson(indent=2) }}", "{\n  \"a\": [\n    1\n  ]\n}")]
    [InlineData("{{ 'x' if false }}|{{ 'y' if 0 else 'z' }}|{{ [] or 'fallback' }}|{{ 'a' and 'b' }}", "|z|fallback|b")]
    [InlineData("{{ 'ab' in 'cabd' }} {{ 2 not in [1, 2] }} {{ 'k' in {'k': 1} }} {{ 1 < 2 < 3 }}", "True False True True")]
    [InlineData("{{ x is defined }} {{ none is none }} {{ 'a' is string }} {{ 3 is divisibleby 3 }} {{ x is not defined }}", "False True True True True")]
    [InlineData("{{ '  hi  ' | trim }}|{{ 'a,b' | replace(',', ';') }}|{{ [3, 1] | length }}|{{ x | default('d') }}|{{ ['a', 'b'] | join('-') }}", "hi|a;b|2|d|a-b")]
    [InlineData("{{ [{'r': 'a'}, {'r': 'b'}] | selectattr('r', 'equalto', 'b') | map(attribute='r') | list }}", "['b']")]
    [InlineData("{{ 'hello world' | title }} {{ 'ABC' | lower }} {{ 'Ünï' | upper }} {{ 'x' ~ 1 ~ none }}", "Hello World abc ÜNÏ x1None")]
    [InlineData("{{ '𝐀b😀'[1] }}{{ '𝐀b😀' | length }}{{ '𝐀b😀'[-1] }}", "b3😀")]
    [InlineData("{{ strftime_now('%d %b %Y') }}", "26 Jul 2024")]
    [InlineData("{{ 'a' \"b\" 'c' }} {{ 'tab\\there' }} {{ \"it's\" }}", "abc tab\there it's")]
    [InlineData("{{ range(3) | list }} {{ range(1, 7, 2) | list }}", "[0, 1, 2] [1, 3, 5]")]
    public void Expressions_FollowPythonSemantics(string template, string expected) => Assert.Equal(expected, Render(template));

    [Fact]
    public void Set_InsideALoop_IsLocal_ButANamespaceCarriesValuesOut()
    {
        const string template = "{% set x = 'outer' %}{% set ns = namespace(n=0) %}{% for i in [1, 2, 3] %}{% set x = 'inner' %}{% set ns.n = ns.n + i %}{% endfor %}{{ x }} {{ ns.n }}";

        Assert.Equal("outer 6", Render(template));
    }

    [Fact]
    public void SetBlock_CapturesRenderedText() =>
        Assert.Equal("[hi!]", Render("{% set s %}{{ 'hi' }}!{% endset %}[{{ s }}]"));

    [Fact]
    public void WhitespaceControl_TrimBlocksLstripBlocksAndMinus()
    {
        // trim_blocks drops the newline after a block tag; lstrip_blocks drops the indentation before one.
        Assert.Equal("    a\nb\n", Render("{% if true %}\n    a\n{% endif %}\n    {% if true %}\nb\n    {% endif %}\n"));
        Assert.Equal("x:y", Render("x  \n  {{- ':' -}}  \n y"));
        Assert.Equal("ab", Render("a\n    {%- if true -%}\n    b\n{%- endif %}"));
        Assert.Equal("a  {{", Render("a  {{ '{{' }}"));
        // A comment is removed with its line under lstrip/trim; '+' keeps the indentation.
        Assert.Equal("x\ny", Render("x\n    {# note #}\ny"));
        Assert.Equal("  z", Render("  {%+ if true %}z{% endif %}"));
        // One trailing newline of the template itself is dropped.
        Assert.Equal("end", Render("end\n"));
    }

    [Fact]
    public void AttributeOfUndefined_FailsNamingIt()
    {
        var error = Assert.Throws<JinjaException>(() => Render("line\n{{ missing.role }}"));

        Assert.Equal("line 2: 'missing' is undefined", error.Message);
    }

    [Fact]
    public void MissingKeys_AreUndefinedNotErrors() =>
        Assert.Equal("no|yes", Render("{{ 'yes' if m.tool_calls else 'no' }}|{{ 'yes' if m['x'] is not defined }}",
            new Dictionary<string, object?> { ["m"] = new Dictionary<string, object?> { ["role"] = "user" } }));
}

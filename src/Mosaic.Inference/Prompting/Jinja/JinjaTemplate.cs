using Mosaic.Inference.Prompting.Jinja.Syntax;

namespace Mosaic.Inference.Prompting.Jinja;

/// <summary>
/// A parsed chat template. Covers what the Qwen2/2.5, Qwen3, Llama 3/3.x and DeepSeek(-R1) templates use: text
/// with whitespace control, <c>if/elif/else</c>, <c>for</c> (with <c>loop</c>, filters and <c>else</c>),
/// <c>set</c> (names, namespace attributes, blocks), <c>break/continue</c>, literals, attribute and index access,
/// slices, Python string and dict methods, the usual operators, filters and tests. Anything else fails in
/// <see cref="Parse"/> with the line it is on.
/// </summary>
internal sealed class JinjaTemplate
{
    private readonly IReadOnlyList<JinjaNode> nodes;

    private JinjaTemplate(IReadOnlyList<JinjaNode> nodes) => this.nodes = nodes;

    public static JinjaTemplate Parse(string source) => new(JinjaParser.Parse(source));

    public string Render(IReadOnlyDictionary<string, object?> variables, Func<DateTime>? now = null)
    {
        var scope = new JinjaScope(null);
        foreach (var (name, value) in variables)
        {
            scope.Set(name, value);
        }

        return new JinjaInterpreter(now ?? (() => DateTime.Now)).Render(nodes, new JinjaScope(scope));
    }
}

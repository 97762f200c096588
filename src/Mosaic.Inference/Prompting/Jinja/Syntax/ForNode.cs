namespace Mosaic.Inference.Prompting.Jinja.Syntax;

/// <summary><c>{% for targets in iterable if filter %} … {% else %} … {% endfor %}</c>.</summary>
internal sealed record ForNode(
    IReadOnlyList<string> Targets, JinjaExpression Iterable, JinjaExpression? Filter, IReadOnlyList<JinjaNode> Body, IReadOnlyList<JinjaNode> Else, int Line)
    : JinjaNode(Line);

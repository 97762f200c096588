namespace Mosaic.Inference.Prompting.Jinja.Syntax;

/// <summary><c>{% if %}</c>; an <c>elif</c> is a nested IfNode as the only node of <see cref="Else"/>.</summary>
internal sealed record IfNode(JinjaExpression Condition, IReadOnlyList<JinjaNode> Body, IReadOnlyList<JinjaNode> Else, int Line) : JinjaNode(Line);

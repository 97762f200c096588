namespace Mosaic.Inference.Prompting.Jinja.Syntax;

/// <summary><c>{% set target = value %}</c>; the target is a name, a namespace attribute or a list of names.</summary>
internal sealed record SetNode(JinjaExpression Target, JinjaExpression Value, int Line) : JinjaNode(Line);

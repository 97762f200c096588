namespace Mosaic.Inference.Prompting.Jinja.Syntax;

/// <summary><c>target.name</c>: a mapping key, a namespace or loop attribute, or a method.</summary>
internal sealed record AttributeExpression(JinjaExpression Target, string Name, int Line) : JinjaExpression(Line);

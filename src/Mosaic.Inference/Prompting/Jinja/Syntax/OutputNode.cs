namespace Mosaic.Inference.Prompting.Jinja.Syntax;

/// <summary><c>{{ value }}</c>.</summary>
internal sealed record OutputNode(JinjaExpression Value, int Line) : JinjaNode(Line);

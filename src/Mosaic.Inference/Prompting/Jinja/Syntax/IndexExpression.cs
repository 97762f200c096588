namespace Mosaic.Inference.Prompting.Jinja.Syntax;

/// <summary><c>target[index]</c>.</summary>
internal sealed record IndexExpression(JinjaExpression Target, JinjaExpression Index, int Line) : JinjaExpression(Line);

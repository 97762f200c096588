namespace Mosaic.Inference.Prompting.Jinja.Syntax;

/// <summary><c>then if condition else otherwise</c>; without else the result is undefined.</summary>
internal sealed record ConditionalExpression(JinjaExpression Condition, JinjaExpression Then, JinjaExpression? Else, int Line) : JinjaExpression(Line);

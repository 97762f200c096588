namespace Mosaic.Inference.Prompting.Jinja.Syntax;

/// <summary>Arithmetic, comparison, <c>in</c>/<c>not in</c>, <c>and</c>/<c>or</c> and <c>~</c>.</summary>
internal sealed record BinaryExpression(string Operator, JinjaExpression Left, JinjaExpression Right, int Line) : JinjaExpression(Line);

namespace Mosaic.Inference.Prompting.Jinja.Syntax;

/// <summary><c>not</c>, unary <c>-</c> or <c>+</c>.</summary>
internal sealed record UnaryExpression(string Operator, JinjaExpression Operand, int Line) : JinjaExpression(Line);

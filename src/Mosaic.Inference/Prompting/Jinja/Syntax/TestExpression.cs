namespace Mosaic.Inference.Prompting.Jinja.Syntax;

/// <summary><c>target is [not] name(arguments)</c>.</summary>
internal sealed record TestExpression(JinjaExpression Target, string Name, IReadOnlyList<JinjaExpression> Arguments, bool Negated, int Line) : JinjaExpression(Line);

namespace Mosaic.Inference.Prompting.Jinja.Syntax;

/// <summary><c>target[start:stop:step]</c>, Python semantics.</summary>
internal sealed record SliceExpression(JinjaExpression Target, JinjaExpression? Start, JinjaExpression? Stop, JinjaExpression? Step, int Line) : JinjaExpression(Line);

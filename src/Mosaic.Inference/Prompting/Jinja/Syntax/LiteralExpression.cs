namespace Mosaic.Inference.Prompting.Jinja.Syntax;

/// <summary>A string, number, boolean, none or a constant folded list.</summary>
internal sealed record LiteralExpression(object? Value, int Line) : JinjaExpression(Line);

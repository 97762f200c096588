namespace Mosaic.Inference.Prompting.Jinja.Syntax;

/// <summary>A list or tuple literal.</summary>
internal sealed record ListExpression(IReadOnlyList<JinjaExpression> Items, int Line) : JinjaExpression(Line);

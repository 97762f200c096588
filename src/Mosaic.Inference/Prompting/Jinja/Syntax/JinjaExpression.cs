namespace Mosaic.Inference.Prompting.Jinja.Syntax;

/// <summary>An expression of a parsed template.</summary>
internal abstract record JinjaExpression(int Line);

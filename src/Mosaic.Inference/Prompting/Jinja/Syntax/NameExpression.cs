namespace Mosaic.Inference.Prompting.Jinja.Syntax;

internal sealed record NameExpression(string Name, int Line) : JinjaExpression(Line);

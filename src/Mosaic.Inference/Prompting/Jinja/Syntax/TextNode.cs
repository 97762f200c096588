namespace Mosaic.Inference.Prompting.Jinja.Syntax;

/// <summary>Literal template text, after whitespace control.</summary>
internal sealed record TextNode(string Text, int Line) : JinjaNode(Line);

namespace Mosaic.Inference.Prompting.Jinja.Syntax;

/// <summary>A statement of a parsed template.</summary>
internal abstract record JinjaNode(int Line);

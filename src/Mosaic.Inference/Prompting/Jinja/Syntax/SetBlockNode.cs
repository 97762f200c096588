namespace Mosaic.Inference.Prompting.Jinja.Syntax;

/// <summary><c>{% set name %} … {% endset %}</c>: the rendered body assigned to a name.</summary>
internal sealed record SetBlockNode(string Name, IReadOnlyList<JinjaNode> Body, int Line) : JinjaNode(Line);

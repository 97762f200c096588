namespace Mosaic.Inference.Prompting.Jinja.Syntax;

/// <summary><c>{% break %}</c> or <c>{% continue %}</c>.</summary>
internal sealed record LoopControlNode(bool IsBreak, int Line) : JinjaNode(Line);

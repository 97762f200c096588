namespace Mosaic.Inference.Prompting.Jinja.Syntax;

internal sealed record DictExpression(IReadOnlyList<KeyValuePair<JinjaExpression, JinjaExpression>> Entries, int Line) : JinjaExpression(Line);

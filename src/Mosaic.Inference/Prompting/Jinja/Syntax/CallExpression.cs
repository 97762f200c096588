namespace Mosaic.Inference.Prompting.Jinja.Syntax;

internal sealed record CallExpression(
    JinjaExpression Callee, IReadOnlyList<JinjaExpression> Arguments, IReadOnlyList<KeyValuePair<string, JinjaExpression>> Keywords, int Line)
    : JinjaExpression(Line);

namespace Mosaic.Inference.Prompting.Jinja.Syntax;

/// <summary><c>target | name(arguments)</c>.</summary>
internal sealed record FilterExpression(
    JinjaExpression Target, string Name, IReadOnlyList<JinjaExpression> Arguments, IReadOnlyList<KeyValuePair<string, JinjaExpression>> Keywords, int Line)
    : JinjaExpression(Line);

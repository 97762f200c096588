namespace Mosaic.Inference.Prompting.Jinja;

/// <summary>One lexical token; <see cref="Text"/> is the unescaped value for strings.</summary>
internal readonly record struct JinjaToken(JinjaTokenKind Kind, string Text, int Line)
{
    public bool Is(JinjaTokenKind kind, string text) => Kind == kind && Text == text;

    public bool IsName(string name) => Is(JinjaTokenKind.Name, name);

    public bool IsOperator(string op) => Is(JinjaTokenKind.Operator, op);
}

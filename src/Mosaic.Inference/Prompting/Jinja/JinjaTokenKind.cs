namespace Mosaic.Inference.Prompting.Jinja;

internal enum JinjaTokenKind
{
    Text,
    VariableStart,
    VariableEnd,
    BlockStart,
    BlockEnd,
    Name,
    String,
    Integer,
    Float,
    Operator,
    End,
}

namespace Mosaic.Inference.Prompting.Jinja;

/// <summary>
/// Jinja's default undefined value: renders as nothing, is false, iterates as empty, and fails on attribute
/// access (naming the missing variable or attribute).
/// </summary>
internal sealed class JinjaUndefined(string name)
{
    public string Name { get; } = name;

    public JinjaException Error(int line) => new($"'{Name}' is undefined", line);

    public override string ToString() => "";
}

namespace Mosaic.Inference.Prompting.Jinja;

/// <summary>
/// One frame of variables. A <c>for</c> body gets a new frame per iteration, so a <c>set</c> inside a loop is not
/// seen after it (Jinja's rule, and the reason templates use <c>namespace</c>); <c>if</c> bodies share their frame.
/// </summary>
internal sealed class JinjaScope(JinjaScope? parent)
{
    private readonly JinjaScope? parent = parent;
    private readonly Dictionary<string, object?> variables = new(StringComparer.Ordinal);

    public bool TryGet(string name, out object? value)
    {
        for (var scope = this; scope is not null; scope = scope.parent)
        {
            if (scope.variables.TryGetValue(name, out value))
            {
                return true;
            }
        }

        value = null;
        return false;
    }

    public void Set(string name, object? value) => variables[name] = value;
}

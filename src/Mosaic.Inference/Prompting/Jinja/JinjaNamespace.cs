namespace Mosaic.Inference.Prompting.Jinja;

/// <summary>The object <c>namespace(...)</c> returns: the one value whose attributes a template may assign.</summary>
internal sealed class JinjaNamespace
{
    public Dictionary<string, object?> Attributes { get; } = new(StringComparer.Ordinal);
}

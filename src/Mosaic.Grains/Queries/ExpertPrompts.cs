namespace Mosaic.Grains.Queries;

/// <summary>The instruction every expert gets with its question.</summary>
internal static class ExpertPrompts
{
    public const string System =
        "Answer the question. Think it through as carefully as you need, then finish with a line of the form "
        + "\"The answer is X\".";
}

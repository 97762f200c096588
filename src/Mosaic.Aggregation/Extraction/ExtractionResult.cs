namespace Mosaic.Aggregation.Extraction;

/// <summary>The canonical answer found in a response, or <c>null</c>, and the rule that found it.</summary>
public sealed record ExtractionResult(string? Answer, ExtractionRule Rule)
{
    public static ExtractionResult Failed { get; } = new(null, ExtractionRule.None);

    public bool Succeeded => Answer is not null;
}

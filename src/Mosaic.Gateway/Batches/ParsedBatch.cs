namespace Mosaic.Gateway.Batches;

/// <summary>An input file read line by line: every request line (valid or not) and the one model its valid lines ask for.</summary>
internal sealed record ParsedBatch(IReadOnlyList<BatchLine> Lines, string? Model)
{
    public IReadOnlyList<BatchLine> Valid { get; } = Lines.Where(l => l.Question is not null).ToArray();

    public int Invalid => Lines.Count - Valid.Count;
}

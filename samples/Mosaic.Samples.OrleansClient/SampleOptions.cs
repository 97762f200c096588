namespace Mosaic.Samples.OrleansClient;

/// <summary>What the sample submits: its experts (null: every model the cluster knows but <see cref="Aggregator"/>), the aggregator (null: none), how many questions, and the page size it reads results with.</summary>
public sealed class SampleOptions
{
    public IReadOnlyList<string>? Experts { get; init; }

    public string? Aggregator { get; init; }

    public int Questions { get; init; } = 12;

    public int PageSize { get; init; } = 5;
}

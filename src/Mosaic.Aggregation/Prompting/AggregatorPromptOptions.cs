namespace Mosaic.Aggregation.Prompting;

/// <summary>Length caps for the expert responses placed in an aggregator prompt.</summary>
public sealed record AggregatorPromptOptions
{
    /// <summary>Longest response kept, in characters, after the reasoning trace is removed.</summary>
    public int MaxResponseCharacters { get; init; } = 12_000;

    /// <summary>Longest response kept, in tokens of <see cref="CountTokens"/>; ignored without a counter.</summary>
    public int? MaxResponseTokens { get; init; }

    /// <summary>The aggregator's tokenizer, or any other counter; only used with <see cref="MaxResponseTokens"/>.</summary>
    public Func<string, int>? CountTokens { get; init; }

    /// <summary>The last option letter of multiple-choice questions (J for MMLU-Pro, D for MMLU).</summary>
    public char LastOptionLetter { get; init; } = 'J';

    public static AggregatorPromptOptions Default { get; } = new();

    internal void Validate()
    {
        if (MaxResponseCharacters <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxResponseCharacters), MaxResponseCharacters, "must be positive");
        }

        if (MaxResponseTokens is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxResponseTokens), MaxResponseTokens, "must be positive");
        }
    }
}

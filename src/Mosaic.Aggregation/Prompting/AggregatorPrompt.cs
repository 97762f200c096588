namespace Mosaic.Aggregation.Prompting;

/// <summary>
/// A chat prompt for the aggregator model: a system message and a user message, to be written in the
/// aggregator's own prompt format.
/// </summary>
/// <param name="System">The instruction: how to treat the candidate responses and how to state the answer.</param>
/// <param name="User">The question followed by the numbered candidate responses.</param>
/// <param name="TruncatedResponses">How many responses were shortened to fit the caps.</param>
public sealed record AggregatorPrompt(string System, string User, int TruncatedResponses)
{
    /// <summary>What <see cref="AggregatorPromptFitter"/> cut to fit the aggregator's context (nothing for a plain build).</summary>
    public AggregatorPromptTrimming Trimming { get; init; } = AggregatorPromptTrimming.None;
}

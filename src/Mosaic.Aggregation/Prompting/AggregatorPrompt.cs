namespace Mosaic.Aggregation.Prompting;

/// <summary>A chat prompt for the aggregator model.</summary>
/// <param name="System">The instruction: how to treat the candidate responses and how to state the answer.</param>
/// <param name="User">The question followed by the numbered candidate responses.</param>
/// <param name="TruncatedResponses">How many responses were shortened to fit the caps.</param>
public sealed record AggregatorPrompt(string System, string User, int TruncatedResponses);

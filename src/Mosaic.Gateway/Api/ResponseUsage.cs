namespace Mosaic.Gateway.Api;

/// <summary>Tokens of every model call the answer took (experts and aggregator), as <see cref="ChatUsage"/> counts them.</summary>
internal sealed record ResponseUsage(int InputTokens, int OutputTokens, int TotalTokens);

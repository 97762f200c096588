namespace Mosaic.Gateway.Api;

/// <summary>Tokens of every model call the answer took (experts and aggregator), not only the final one.</summary>
internal sealed record ChatUsage(int PromptTokens, int CompletionTokens, int TotalTokens);

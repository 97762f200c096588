namespace Mosaic.Gateway.Api;

/// <summary>Why a response is <c>incomplete</c>: <c>max_output_tokens</c> when its message stopped at the token limit.</summary>
internal sealed record ResponseIncompleteDetails(string Reason);

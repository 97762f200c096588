namespace Mosaic.Gateway.Api;

/// <summary>The body of every error response: <c>{"error": {"message", "type", "param", "code"}}</c>.</summary>
internal sealed record ErrorResponse(ApiError Error);

namespace Mosaic.Gateway.Api;

/// <summary>OpenAI's error object: a one-line message, the error type, the request parameter at fault and a code.</summary>
internal sealed record ApiError(string Message, string Type, string? Param, string? Code);

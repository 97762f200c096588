namespace Mosaic.Gateway.Api;

/// <summary>Why a request line produced no response: its code and a one-line message naming the line.</summary>
internal sealed record BatchLineError(string Code, string Message);

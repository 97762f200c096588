namespace Mosaic.Gateway.Api;

/// <summary>One line of a batch's output or error file: the request's custom id with either the response or the error.</summary>
internal sealed record BatchOutputLine(string Id, string? CustomId, BatchLineResponse? Response, BatchLineError? Error);

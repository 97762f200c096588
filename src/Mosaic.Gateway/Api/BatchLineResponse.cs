namespace Mosaic.Gateway.Api;

internal sealed record BatchLineResponse(int StatusCode, string RequestId, ChatCompletion Body);

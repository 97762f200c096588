using System.Text.Json;

namespace Mosaic.Gateway.Api;

/// <summary>The body of <c>POST /v1/batches</c>.</summary>
internal sealed record CreateBatchRequest(
    string? InputFileId = null,
    string? Endpoint = null,
    string? CompletionWindow = null,
    IReadOnlyDictionary<string, string>? Metadata = null,
    JsonElement? OutputExpiresAfter = null);

using System.Text.Json;

namespace Mosaic.Gateway.Api;

/// <summary>
/// OpenAI's <c>response</c> object (the Responses API), plus the <c>mosaic</c> extension. Responses are not stored:
/// <see cref="Store"/> is false whatever the request asked, and <c>previous_response_id</c> is refused.
/// </summary>
internal sealed record ResponseObject(
    string Id,
    long CreatedAt,
    string Status,
    string Model,
    IReadOnlyList<ResponseOutputItem> Output,
    ResponseUsage? Usage,
    ResponseIncompleteDetails? IncompleteDetails,
    string? Instructions,
    int? MaxOutputTokens,
    double? Temperature,
    double? TopP,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<JsonElement> Tools,
    MosaicExtension? Mosaic)
{
    public string Object => "response";

    public ApiError? Error => null;

    public bool Store => false;

    public bool ParallelToolCalls => false;

    public string ToolChoice => "auto";
}

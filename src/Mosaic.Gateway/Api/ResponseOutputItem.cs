using System.Text.Json.Serialization;

namespace Mosaic.Gateway.Api;

/// <summary>
/// One output item of a response: the assistant's <c>message</c> (its text in <c>output_text</c> parts), or a
/// <c>reasoning</c> item holding the thinking that came before it (in <c>reasoning_text</c> parts, no summary).
/// </summary>
internal sealed record ResponseOutputItem(
    string Type,
    string Id,
    IReadOnlyList<ResponseContent> Content,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Status = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Role = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ResponseContent>? Summary = null)
{
    public static ResponseOutputItem Message(string id, string status, IReadOnlyList<ResponseContent> content) => new("message", id, content, status, "assistant");

    public static ResponseOutputItem Reasoning(string id, IReadOnlyList<ResponseContent> content) => new("reasoning", id, content, Summary: []);
}

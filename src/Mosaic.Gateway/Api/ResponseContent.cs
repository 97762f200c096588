using System.Text.Json.Serialization;

namespace Mosaic.Gateway.Api;

/// <summary>A content part of an output item: <c>output_text</c> (with its annotations, none here) or <c>reasoning_text</c>.</summary>
internal sealed record ResponseContent(
    string Type,
    string Text,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<object>? Annotations = null)
{
    public static ResponseContent OutputText(string text) => new("output_text", text, []);

    public static ResponseContent ReasoningText(string text) => new("reasoning_text", text);
}

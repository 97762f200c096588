using System.Text.Json.Serialization;

namespace Mosaic.Gateway.Api;

/// <summary>OpenAI's list envelope; <see cref="FirstId"/>, <see cref="LastId"/> and <see cref="HasMore"/> where a list pages.</summary>
internal sealed record ListResponse<T>(
    IReadOnlyList<T> Data,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? HasMore = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FirstId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LastId = null)
{
    public string Object => "list";
}

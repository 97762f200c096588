using System.Text.Json.Serialization;

namespace Mosaic.Gateway.Api;

/// <summary>One server-sent event of a streamed completion (<c>chat.completion.chunk</c>); the last content chunk carries the <c>mosaic</c> extension.</summary>
internal sealed record ChatCompletionChunk(
    string Id,
    long Created,
    string Model,
    IReadOnlyList<ChunkChoice> Choices,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ChatUsage? Usage = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MosaicExtension? Mosaic = null)
{
    public string Object => "chat.completion.chunk";

    public string? SystemFingerprint => null;

    /// <summary>The tier that serves it, in every chunk as in the whole completion (<see cref="ChatCompletion.ServiceTier"/>).</summary>
    public string ServiceTier { get; init; } = Chat.ServiceTiers.Default;
}

using System.Text.Json.Serialization;

namespace Mosaic.Gateway.Api;

/// <summary>What a chunk adds to the message: the role first, then pieces of the thinking (if any), then of the content.</summary>
internal sealed record ChunkDelta(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Role = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Content = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ReasoningContent = null);

using System.Text.Json.Serialization;

namespace Mosaic.Gateway.Api;

/// <summary>
/// The assistant's message of a completion; <see cref="ReasoningContent"/> is the thinking of a reasoning model's
/// output, apart from its response, as vLLM's reasoning parsers and DeepSeek's API report it (absent without one).
/// </summary>
internal sealed record ChatMessage(
    string Role,
    string? Content,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ReasoningContent = null)
{
    public string? Refusal => null;
}

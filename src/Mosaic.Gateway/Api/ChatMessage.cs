namespace Mosaic.Gateway.Api;

/// <summary>The assistant's message of a completion.</summary>
internal sealed record ChatMessage(string Role, string? Content)
{
    public string? Refusal => null;
}

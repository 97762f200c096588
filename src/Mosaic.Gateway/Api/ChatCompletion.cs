namespace Mosaic.Gateway.Api;

/// <summary>OpenAI's <c>chat.completion</c>, plus the <c>mosaic</c> extension: how the mixture reached the answer.</summary>
internal sealed record ChatCompletion(
    string Id,
    long Created,
    string Model,
    IReadOnlyList<ChatChoice> Choices,
    ChatUsage Usage,
    MosaicExtension Mosaic)
{
    public string Object => "chat.completion";

    public string? SystemFingerprint => null;

    /// <summary>The tier that served it (<see cref="Chat.ServiceTiers"/>): a batch line's is <c>default</c>, as OpenAI's are.</summary>
    public string ServiceTier { get; init; } = Chat.ServiceTiers.Default;
}

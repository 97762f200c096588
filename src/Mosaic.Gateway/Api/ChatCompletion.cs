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

    public string ServiceTier => "default";
}

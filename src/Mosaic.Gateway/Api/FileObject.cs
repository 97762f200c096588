namespace Mosaic.Gateway.Api;

/// <summary>OpenAI's file object.</summary>
internal sealed record FileObject(string Id, long Bytes, long CreatedAt, string Filename, string Purpose)
{
    public string Object => "file";

    public string Status => "processed";

    public string? StatusDetails => null;

    public long? ExpiresAt => null;
}

namespace Mosaic.Gateway.Api;

/// <summary>OpenAI's answer to <c>DELETE /v1/files/{file_id}</c>.</summary>
internal sealed record FileDeletion(string Id, bool Deleted)
{
    public string Object => "file";
}

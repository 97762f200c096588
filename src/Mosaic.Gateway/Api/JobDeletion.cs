namespace Mosaic.Gateway.Api;

/// <summary>The answer to <c>DELETE /v1/jobs/{job_id}</c>, shaped as OpenAI's deletions are.</summary>
internal sealed record JobDeletion(string Id, bool Deleted)
{
    public string Object => "job.deleted";
}

namespace Mosaic.Client;

/// <summary>The cluster has no job of this id (never submitted, mistyped, or submitted to another service id).</summary>
public sealed class JobNotFoundException(string jobId) : Exception($"No job with id '{jobId}' in this cluster.")
{
    public string JobId { get; } = jobId;
}

namespace Mosaic.Grains.Jobs;

/// <summary>A job activation that a newer one has superseded tried to act; it must stop.</summary>
[GenerateSerializer, Alias("mosaic.stale-generation")]
public sealed class StaleGenerationException : Exception
{
    public StaleGenerationException(string jobId, int generation, int current)
        : base($"job '{jobId}' generation {generation} is superseded by generation {current}")
    {
    }
}

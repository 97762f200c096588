namespace Mosaic.Abstractions.Jobs;

/// <summary>The jobs a gateway runs to warm its models up before it reports ready, known by their id.</summary>
public static class WarmUpJobs
{
    /// <summary>Every warm-up job's id starts with this.</summary>
    public const string IdPrefix = "warm-up-";

    public static bool Is(string jobId) => jobId.StartsWith(IdPrefix, StringComparison.Ordinal);
}

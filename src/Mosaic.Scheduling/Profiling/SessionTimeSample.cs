namespace Mosaic.Scheduling.Profiling;

/// <summary>
/// One measured engine run from a profiling sweep: <paramref name="Prompts"/> prompts generated together
/// (continuous batching), their mean and max output tokens, and the wall time of the whole run excluding the load.
/// </summary>
public sealed record SessionTimeSample(int Prompts, double MeanOutputTokens, double MaxOutputTokens, double Seconds);

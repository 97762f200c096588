namespace Mosaic.Inference.Profiling;

/// <summary>One timed engine run: <paramref name="Prompts"/> prompts generated together, and their output lengths.</summary>
public sealed record BatchMeasurement(int Prompts, double MeanOutputTokens, double MaxOutputTokens, long OutputTokens, double Seconds)
{
    public double TokensPerSecond => Seconds > 0 ? OutputTokens / Seconds : 0;
}

namespace Mosaic.Inference;

/// <summary>
/// config.json's <c>rope_scaling</c>: <c>linear</c> divides every frequency by <see cref="Factor"/>; <c>llama3</c>
/// keeps high frequencies, divides low ones and interpolates in between (Llama 3.1+).
/// </summary>
public sealed record RopeScaling(
    string Type,
    double Factor,
    double LowFrequencyFactor = 1,
    double HighFrequencyFactor = 4,
    int OriginalMaxPositionEmbeddings = 8192);

namespace Mosaic.Inference.Profiling;

/// <summary>
/// Raw profiling results of one model: load time, output-length statistics over the calibration set, one
/// measurement per batch size, the single-stream decode rate and the process's peak memory.
/// </summary>
public sealed record ProfileMeasurements(
    double LoadSeconds,
    long Parameters,
    double MeanOutputTokens,
    double MaxOutputTokens,
    IReadOnlyList<BatchMeasurement> Batches,
    double SingleStreamSecondsPerToken,
    double PeakMemoryGb);

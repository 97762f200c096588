namespace Mosaic.Abstractions;

/// <summary>The meter the silos write Mosaic's metrics to, for hosts that export it (<c>AddMeter(MosaicMeter.Name)</c>).</summary>
public static class MosaicMeter
{
    public const string Name = "Mosaic";

    /// <summary>
    /// Histogram buckets for durations in seconds, from a cached answer (5 ms) to a long reasoning job (2 h): the silos'
    /// call and job histograms and the gateway's request durations use them (OpenTelemetry's default stops at 10 s).
    /// </summary>
    public static IReadOnlyList<double> SecondsBuckets { get; } = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200];
}

namespace Mosaic.Grains.Calibration;

/// <summary>What a plan is priced at: each expert's speed factor (none before the cluster's first observed job) and the workers' spread.</summary>
[GenerateSerializer, Immutable, Alias("mosaic.speed-estimate")]
internal sealed record SpeedEstimate(
    [property: Id(0)] IReadOnlyDictionary<string, double> Factors,
    [property: Id(1)] double Spread)
{
    /// <summary>The profiles as measured, no spread.</summary>
    public static SpeedEstimate Profiled { get; } = new(new Dictionary<string, double>(StringComparer.Ordinal), 0);
}

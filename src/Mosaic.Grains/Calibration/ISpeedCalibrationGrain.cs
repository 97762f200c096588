using Mosaic.Abstractions.Jobs;

namespace Mosaic.Grains.Calibration;

/// <summary>The cluster's one record of how fast the experts run now against their profiles (key 0).</summary>
[Alias("mosaic.speed-calibration")]
internal interface ISpeedCalibrationGrain : IGrainWithIntegerKey
{
    /// <summary>One completed job's expert sessions as its workers ran them.</summary>
    [Alias("observe-sessions")]
    Task ObserveAsync(IReadOnlyList<TimelineEntry> sessions);

    /// <summary>Every pool expert's factor and the workers' spread, from the jobs observed so far.</summary>
    [Alias("estimate")]
    Task<SpeedEstimate> GetEstimateAsync();
}

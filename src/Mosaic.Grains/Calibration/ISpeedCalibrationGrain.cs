namespace Mosaic.Grains.Calibration;

/// <summary>The cluster's one record of how fast each expert runs now against its profile (key 0).</summary>
[Alias("mosaic.speed-calibration")]
internal interface ISpeedCalibrationGrain : IGrainWithIntegerKey
{
    /// <summary>One finished job's observation per expert: its sessions' wall seconds over their profiled seconds.</summary>
    [Alias("observe")]
    Task ObserveAsync(IReadOnlyDictionary<string, double> observed);

    /// <summary>The factor of every expert observed so far (none before the first completed job).</summary>
    [Alias("factors")]
    Task<IReadOnlyDictionary<string, double>> GetFactorsAsync();
}

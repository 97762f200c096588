using Mosaic.Scheduling.Profiling;

namespace Mosaic.Grains.Calibration;

/// <summary>
/// Holds the cluster's <see cref="SpeedCalibration"/> in memory: a speed is a fact of the last minutes, so a new
/// activation (after its silo went, or a restart) starts from the profiles and learns again from the next job.
/// </summary>
[GrainType("mosaic.speed-calibration")]
internal sealed class SpeedCalibrationGrain : Grain, ISpeedCalibrationGrain
{
    private readonly SpeedCalibration _calibration = new();

    public Task ObserveAsync(IReadOnlyDictionary<string, double> observed)
    {
        _calibration.Add(observed);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, double>> GetFactorsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, double>>(new Dictionary<string, double>(_calibration.Factors, StringComparer.Ordinal));
}

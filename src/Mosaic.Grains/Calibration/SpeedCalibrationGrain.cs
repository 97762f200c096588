using Microsoft.Extensions.Options;
using Mosaic.Abstractions.Jobs;
using Mosaic.Grains.Hosting;
using Mosaic.Scheduling.Profiling;

namespace Mosaic.Grains.Calibration;

/// <summary>
/// Holds the cluster's <see cref="SpeedCalibration"/> in memory: a speed is a fact of the last minutes, so a new
/// activation (after its silo went, or a restart) starts from the profiles and learns again from the next job.
/// </summary>
[GrainType("mosaic.speed-calibration")]
internal sealed class SpeedCalibrationGrain(IOptions<MosaicGrainsOptions> options) : Grain, ISpeedCalibrationGrain
{
    private readonly SpeedCalibration _calibration = new();

    public Task ObserveAsync(IReadOnlyList<TimelineEntry> sessions)
    {
        var o = options.Value;
        _calibration.Add(
            PoolProfiles.Load(o.Experts),
            sessions.Where(e => e.Kind == TimelineKind.ExpertSession && !e.FirstRun)
                .Select(e => new SessionTiming(e.Expert, e.Calls, (e.End - e.Start).TotalSeconds / o.WallSecondsPerPlannedSecond, e.Worker)));
        return Task.CompletedTask;
    }

    public Task<SpeedEstimate> GetEstimateAsync() =>
        Task.FromResult(new SpeedEstimate(_calibration.FactorsFor(options.Value.Experts.Keys), _calibration.Spread));
}

namespace Mosaic.Hosting;

/// <summary>One measurement of a <see cref="ZooSpeedCheck"/>: the probes' sessions, run at once.</summary>
public sealed record ZooSpeedMeasurement(IReadOnlyList<ZooProbeTiming> Probes)
{
    /// <summary>Measured over predicted seconds, summed over the probes: 1 is the profiled speed, above 1 slower.</summary>
    public double Factor => Probes.Sum(p => p.MeasuredSeconds) / Probes.Sum(p => p.PredictedSeconds);
}

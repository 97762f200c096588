using Mosaic.Inference.Profiling;
using Mosaic.Scheduling;
using Mosaic.Scheduling.Profiling;

namespace Mosaic.Hosting;

/// <summary>Turns raw profiling measurements into the planner's <see cref="ExpertProfile"/> (one regression sample per timed session).</summary>
public static class ExpertProfiles
{
    public static ExpertProfile Fit(string expert, ExpertKind kind, ProfileMeasurements measured)
    {
        var samples = measured.Batches
            .Select(b => new SessionTimeSample(b.Prompts, b.MeanOutputTokens, b.MaxOutputTokens, b.Seconds))
            .ToArray();
        return new ExpertProfile(
            expert,
            kind,
            measured.LoadSeconds,
            measured.MeanOutputTokens,
            measured.MaxOutputTokens,
            SessionTimeRegression.Fit(samples),
            measured.SingleStreamSecondsPerToken,
            Math.Round(measured.PeakMemoryGb, 3));
    }
}

using Mosaic.Abstractions.Jobs;
using Mosaic.Scheduling.Jobs;

namespace Mosaic.Grains.Jobs;

/// <summary>
/// What submit decides before anything is written: the routed spec, its plan, the plan's forecast with early
/// decisions priced and the speed factors the plan was priced at (all set when admitted), or why the job is refused
/// (<see cref="Error"/>; the rest null).
/// </summary>
internal sealed record JobAdmission(
    JobSpec Spec, StagePlan? Plan, string? Error, ExpertStageForecast? Forecast = null, IReadOnlyDictionary<string, double>? SpeedFactors = null);

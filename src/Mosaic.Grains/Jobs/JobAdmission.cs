using Mosaic.Abstractions.Jobs;
using Mosaic.Scheduling.Jobs;

namespace Mosaic.Grains.Jobs;

/// <summary>
/// What submit decides before anything is written: the routed spec, its plan and the plan's forecast with early
/// decisions priced, or why the job is refused.
/// </summary>
internal sealed record JobAdmission(JobSpec Spec, StagePlan? Plan, string? Error, ExpertStageForecast? Forecast = null);

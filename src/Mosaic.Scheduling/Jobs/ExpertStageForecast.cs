namespace Mosaic.Scheduling.Jobs;

/// <summary>
/// The expert stage a plan should take once early decisions cancel calls: the plan's makespan less the expected
/// generation time the cancelled calls no longer use, the expected number of calls cancelled, and how many questions
/// the forecast could price (those whose experts' accuracies are known).
/// </summary>
public sealed record ExpertStageForecast(double MakespanSeconds, double CancelledCalls, int QuestionsPriced)
{
    /// <summary>No early decisions (or nothing known to price them): the plan's own makespan.</summary>
    public static ExpertStageForecast Unchanged(StagePlan plan) => new(plan.MakespanSeconds, 0, 0);
}

namespace Mosaic.Scheduling.Jobs;

/// <summary>
/// The expert stage a plan should take: the plan's makespan less the expected generation time the calls that early
/// decisions cancel no longer use, and, with a <see cref="Spread"/>, the expected delay of the slowest worker when
/// each worker's speed wanders independently (<see cref="StragglerExpectation"/>). Also the expected number of calls
/// cancelled, how many questions the forecast could price (those whose experts' accuracies are known) and each worker's
/// busy seconds before the spread.
/// </summary>
public sealed record ExpertStageForecast(double MakespanSeconds, double CancelledCalls, int QuestionsPriced, IReadOnlyList<double> WorkerSeconds, double Spread = 0)
{
    /// <summary>No early decisions (or nothing known to price them): the plan's own makespan.</summary>
    public static ExpertStageForecast Unchanged(StagePlan plan) => new(plan.MakespanSeconds, 0, 0, plan.Workers.Select(w => w.BusySeconds).ToArray());

    /// <summary>This forecast with each worker's time multiplied by an independent factor of mean 1 and log-spread <paramref name="spread"/>.</summary>
    public ExpertStageForecast WithSpread(double spread)
    {
        var slowest = WorkerSeconds.DefaultIfEmpty(0).Max();
        return slowest <= 0 || !(spread > 0)
            ? this with { Spread = 0 }
            : this with { MakespanSeconds = MakespanSeconds * StragglerExpectation.ExpectedMakespan(WorkerSeconds, spread) / slowest, Spread = spread };
    }
}

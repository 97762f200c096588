using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation.Gating;
using Mosaic.Grains.Hosting;
using Mosaic.Grains.Jobs;
using Mosaic.Scheduling;
using Mosaic.Scheduling.Jobs;

namespace Mosaic.Grains.Tests;

/// <summary>A job's plan forecast with its router's accuracies: which questions are priced, and when there is nothing to price.</summary>
public sealed class JobPlanningForecastTests
{
    private static readonly string[] Experts = ["x", "y", "mid"];

    private static readonly RouterSpec Router = new(Experts.ToDictionary(
        e => e, _ => (IReadOnlyDictionary<string, double>)new Dictionary<string, double> { ["math"] = 0.9 }));

    private static JobSpec Job(bool early, bool share, bool routed = true)
    {
        var random = new Random(11);
        var questions = Enumerable.Range(0, 90)
            .Select(i => new QuestionSpec($"q{i}", $"question {i}", [.. Enumerable.Range(0, 3).Select(_ => Experts[random.Next(Experts.Length)])], i % 10 == 0 ? "poetry" : "math"))
            .ToArray();
        return new JobSpec(questions, Experts, "agg", new GateSpec(GateRule.VoteFraction, 2.0 / 3.0, SameExpertPolicy.CountEverySlot, early), Router: routed ? Router : null, ShareRepeatedCalls: share);
    }

    private static StagePlan Plan(JobSpec spec)
    {
        var options = TestOptions.Emulated();
        return StagePlanner.Plan(JobPlanning.Request(
            JobPlanning.AllCalls(spec), spec, PoolProfiles.Load(options.Experts), [new WorkerSpec("gpu0"), new WorkerSpec("gpu1")], options, raiseModelsPerWorker: false));
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 1)]
    [InlineData(true, 64)]
    public void Forecast_PricesEveryQuestionWhoseSkillTheRouterScores(bool share, int batchWidth)
    {
        var spec = Job(early: true, share);
        var plan = Plan(spec);

        var forecast = JobPlanning.Forecast(plan, spec, spread: 0, batchWidth);

        // The router scores "math" only; a question whose calls all share one leader has nothing left to cancel.
        var expected = spec.Questions.Count(q => q.Skill == "math" && (!share || q.Experts.Distinct().Count() > 1));
        Assert.Equal(expected, forecast.QuestionsPriced);
        Assert.InRange(forecast.CancelledCalls, 1, expected);
        Assert.True(forecast.MakespanSeconds < plan.MakespanSeconds, $"{forecast.MakespanSeconds} against {plan.MakespanSeconds}");
    }

    [Fact]
    public void Forecast_WithoutEarlyDecisionsOrARouter_IsThePlansMakespan()
    {
        foreach (var spec in new[] { Job(early: false, share: true), Job(early: true, share: true, routed: false) })
        {
            var plan = Plan(spec);

            var forecast = JobPlanning.Forecast(plan, spec, spread: 0, batchWidth: 1);

            Assert.Equal((plan.MakespanSeconds, 0.0, 0), (forecast.MakespanSeconds, forecast.CancelledCalls, forecast.QuestionsPriced));
        }
    }

    [Fact]
    public void Forecast_WithASpread_ExpectsTheSlowestWorkerLater()
    {
        foreach (var spec in new[] { Job(early: false, share: true), Job(early: true, share: true) })
        {
            var plan = Plan(spec);
            var steady = JobPlanning.Forecast(plan, spec, spread: 0, batchWidth: 1);

            var wandering = JobPlanning.Forecast(plan, spec, spread: 0.15, batchWidth: 1);

            Assert.Equal(0.15, wandering.Spread);
            Assert.Equal(steady.CancelledCalls, wandering.CancelledCalls);
            var expected = steady.MakespanSeconds * StragglerExpectation.ExpectedMakespan(steady.WorkerSeconds, 0.15) / steady.WorkerSeconds.Max();
            Assert.Equal(expected, wandering.MakespanSeconds, 9);
            Assert.True(wandering.MakespanSeconds > steady.MakespanSeconds, $"{wandering.MakespanSeconds} against {steady.MakespanSeconds}");
        }
    }
}

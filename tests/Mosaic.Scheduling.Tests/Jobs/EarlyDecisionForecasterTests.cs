using Mosaic.Aggregation.Gating;
using Mosaic.Scheduling.Jobs;
using Mosaic.Scheduling.Planning;
using Mosaic.Scheduling.Profiling;

namespace Mosaic.Scheduling.Tests.Jobs;

public sealed class EarlyDecisionForecasterTests
{
    private static readonly string[] ThreeExperts = ["a", "b", "c"];

    /// <summary>Question 0's slot i alone on worker i, generating for <paramref name="seconds"/>[i] after a 1 s load.</summary>
    private static StagePlan OneCallPerWorker(params double[] seconds) => Plan(seconds.Select((s, slot) => (slot, s)).ToArray());

    /// <summary>Each of question 0's given slots alone on a worker of its own, generating for its seconds after a 1 s load.</summary>
    private static StagePlan Plan(params (int Slot, double Seconds)[] calls)
    {
        var workers = calls.Select(c => new StageWorker(
            $"gpu{c.Slot}", [new StageSession(ThreeExperts[c.Slot], [new RoutedCall(0, c.Slot, ThreeExperts[c.Slot])], 0, 1 + c.Seconds, LoadSeconds: 1)], 1 + c.Seconds)).ToArray();
        var schedule = new SchedulePlan("test", PlanStatus.Optimal, [], workers.Max(w => w.BusySeconds), null, TimeSpan.Zero);
        return new StagePlan(schedule, new LowerBound(0, 0, 0, 0, 0), 1, workers);
    }

    private static ForecastQuestion Question(double accuracy, params int[] leaders) =>
        new(ThreeExperts, leaders.Length == 0 ? [0, 1, 2] : leaders, [accuracy, accuracy, accuracy]);

    [Fact]
    public void Forecast_ExpertsThatAlwaysAgree_CancelTheLastCallAtTheSecondAnswer()
    {
        var forecast = EarlyDecisionForecaster.Forecast(OneCallPerWorker(10, 20, 40), [Question(1.0)], GateSettings.Aggressive, earlyDecisions: true);

        // gpu2 would finish at 41; the decision comes when gpu1 finishes at 21, so 20 s of its generation are saved.
        Assert.Equal(21, forecast.MakespanSeconds, 9);
        Assert.Equal(1, forecast.CancelledCalls, 9);
        Assert.Equal(1, forecast.QuestionsPriced);
    }

    [Fact]
    public void Forecast_WeighsEachAnswerPatternByTheExpertsAccuracy()
    {
        var forecast = EarlyDecisionForecaster.Forecast(OneCallPerWorker(10, 20, 40), [Question(0.5)], GateSettings.Aggressive, earlyDecisions: true);

        // Only "the first two are both right" (1/4) settles early; it saves 20 s of gpu2's 41.
        Assert.Equal(41 - (0.25 * 20), forecast.MakespanSeconds, 9);
        Assert.Equal(0.25, forecast.CancelledCalls, 9);
    }

    [Fact]
    public void Forecast_WrongAnswersNeverAgree_SoNothingIsCancelled()
    {
        var forecast = EarlyDecisionForecaster.Forecast(OneCallPerWorker(10, 20, 40), [Question(0.0)], GateSettings.Aggressive, earlyDecisions: true);

        Assert.Equal(41, forecast.MakespanSeconds, 9);
        Assert.Equal(0, forecast.CancelledCalls, 9);
    }

    [Theory]
    [InlineData(true, 1.0)]
    [InlineData(false, 2.0 / 3.0)]
    public void Forecast_WithoutEarlyDecisionsOrAtUnanimity_IsThePlan(bool early, double threshold)
    {
        var plan = OneCallPerWorker(10, 20, 40);

        var forecast = EarlyDecisionForecaster.Forecast(plan, [Question(1.0)], new GateSettings(GateRule.VoteFraction, threshold), early);

        Assert.Equal(plan.MakespanSeconds, forecast.MakespanSeconds, 9);
        Assert.Equal(0, forecast.CancelledCalls, 9);
    }

    [Fact]
    public void Forecast_ASharedPairThatFinishesFirst_SettlesAlone()
    {
        // Slots 0 and 1 share gpu0's call, which finishes at 11: the pair's two votes settle before gpu2's call is 10 s in.
        var forecast = EarlyDecisionForecaster.Forecast(Plan((0, 10), (2, 40)), [Question(1.0, 0, 0, 2)], GateSettings.Aggressive, earlyDecisions: true);

        Assert.Equal(11, forecast.MakespanSeconds, 9);
        Assert.Equal(1, forecast.CancelledCalls, 9);
    }

    [Fact]
    public void Forecast_AQuestionWithoutAccuracies_IsNotPriced()
    {
        var plan = OneCallPerWorker(10, 20, 40);

        var forecast = EarlyDecisionForecaster.Forecast(plan, [new ForecastQuestion(ThreeExperts, [0, 1, 2], null)], GateSettings.Aggressive, earlyDecisions: true);

        Assert.Equal(plan.MakespanSeconds, forecast.MakespanSeconds, 9);
        Assert.Equal(0, forecast.QuestionsPriced);
    }

    [Fact]
    public void Forecast_OfAPlannedJob_NeverExceedsThePlanAndCountsAtMostOneCancellationPerQuestion()
    {
        var profiles = new Dictionary<string, ExpertProfile>
        {
            ["a"] = ExpertProfile.Linear("a", ExpertKind.Instruct, 10, 0.2, 200),
            ["b"] = ExpertProfile.Linear("b", ExpertKind.Reasoning, 12, 2.0, 3000),
            ["c"] = ExpertProfile.Linear("c", ExpertKind.Reasoning, 12, 1.0, 3000),
        };
        var calls = Enumerable.Range(0, 60).SelectMany(q => ThreeExperts.Select((e, slot) => new RoutedCall(q, slot, e))).ToArray();
        var plan = StagePlanner.Plan(new StagePlanRequest(
            calls, profiles, [new WorkerSpec("gpu0", null), new WorkerSpec("gpu1", null)], 2, "mosaic", new IlpOptions { TimeLimit = TimeSpan.FromSeconds(2) }));
        var questions = Enumerable.Range(0, 60).Select(_ => new ForecastQuestion(ThreeExperts, [0, 1, 2], [0.9, 0.8, 0.7])).ToArray();

        var forecast = EarlyDecisionForecaster.Forecast(plan, questions, GateSettings.Aggressive, earlyDecisions: true);

        Assert.InRange(forecast.MakespanSeconds, 0, plan.MakespanSeconds);
        Assert.True(forecast.MakespanSeconds < plan.MakespanSeconds, "agreeing experts should cancel some of the last calls");
        Assert.InRange(forecast.CancelledCalls, 0.1, 60);
        Assert.Equal(60, forecast.QuestionsPriced);
    }
}

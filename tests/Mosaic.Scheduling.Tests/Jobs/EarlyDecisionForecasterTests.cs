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

    [Theory]
    [InlineData(1, 31)]
    [InlineData(2, 31)]
    [InlineData(4, 36)]
    [InlineData(64, 36)]
    public void Forecast_WithContinuousBatching_ACallAlreadyRunningSavesOnlyTheRestOfItsWindow(int batchWidth, double makespan)
    {
        // gpu0 and gpu1 answer question 0's first two slots at 11 and 21. gpu2's session runs four calls in 40 s after its
        // 1 s load (a share of 10 s each), question 0's last slot the fourth. One at a time it starts at 31: cancelled at
        // 21 before it starts, it saves its 10 s. Two at a time it starts at 21, as the decision comes: still 10 s. Four
        // at a time it runs from 1 to 41 with its share spread over those 40 s: half of it is spent by 21, 5 s saved.
        var others = Enumerable.Range(1, 3).Select(q => new RoutedCall(q, 0, "c")).ToArray();
        var gpu2 = new StageWorker("gpu2", [new StageSession("c", [.. others, new RoutedCall(0, 2, "c")], 0, 41, LoadSeconds: 1)], 41);
        var plan = OneCallPerWorker(10, 20);
        plan = plan with { Workers = [.. plan.Workers, gpu2] };

        var forecast = EarlyDecisionForecaster.Forecast(plan, [Question(1.0)], GateSettings.Aggressive, earlyDecisions: true, batchWidth);

        Assert.Equal(makespan, forecast.MakespanSeconds, 9);
        Assert.Equal(1, forecast.CancelledCalls, 9);
    }

    [Fact]
    public void Forecast_WithContinuousBatching_ACallFinishesWithItsWindowSoTheDecisionComesLater()
    {
        // Question 0's first two slots share gpu0's session of four calls (10 s each after a 1 s load), its third is alone
        // on gpu1 for 60 s. One at a time they finish at 11 and 31, and the decision saves 30 s of gpu1's 61. Four at a
        // time every call of the session finishes at 41, so the decision comes at 41 and saves 20 s.
        var calls = new[] { new RoutedCall(0, 0, "a"), new RoutedCall(1, 0, "a"), new RoutedCall(0, 1, "a"), new RoutedCall(2, 0, "a") };
        var gpu0 = new StageWorker("gpu0", [new StageSession("a", calls, 0, 41, LoadSeconds: 1)], 41);
        var gpu1 = new StageWorker("gpu1", [new StageSession("c", [new RoutedCall(0, 2, "c")], 0, 61, LoadSeconds: 1)], 61);
        var plan = OneCallPerWorker(10) with { Workers = [gpu0, gpu1] };
        var question = new ForecastQuestion(["a", "a", "c"], [0, 1, 2], [1.0, 1.0, 1.0]);

        var sequential = EarlyDecisionForecaster.Forecast(plan, [question], GateSettings.Aggressive, earlyDecisions: true, batchWidth: 1);
        var batched = EarlyDecisionForecaster.Forecast(plan, [question], GateSettings.Aggressive, earlyDecisions: true, batchWidth: 4);

        Assert.Equal(41, sequential.MakespanSeconds, 9);
        Assert.Equal(41, batched.MakespanSeconds, 9);
        Assert.Equal([41, 31], sequential.WorkerSeconds);
        Assert.Equal([41, 41], batched.WorkerSeconds);
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

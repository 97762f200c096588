using CsCheck;
using Mosaic.Scheduling.Emulation;
using Mosaic.Scheduling.Jobs;
using Mosaic.Scheduling.Planning;
using Mosaic.Scheduling.Profiling;

namespace Mosaic.Scheduling.Tests;

public sealed class CostModelTests
{
    [Theory]
    [InlineData(2500, 45, 4, 4)]
    [InlineData(300, 40, 4, 4)]
    [InlineData(100, 40, 4, 2)]
    [InlineData(10, 40, 4, 1)]
    [InlineData(10, 0, 3, 3)]
    public void ReplicaCap_ClampsFloorOfWorkOverLoad(double work, double load, int workers, int expected) =>
        Assert.Equal(expected, CostModel.ReplicaCap(work, load, workers));

    [Theory]
    [InlineData(100, 0, 4, 4)]
    [InlineData(0, 0, 3, 3)]
    [InlineData(100, -1, 4, 4)]
    [InlineData(100, 10, 0, 1)]
    [InlineData(100, 10, -3, 1)]
    [InlineData(40, 10, 1, 1)]
    [InlineData(39.9, 10, 4, 3)]
    public void ReplicaCap_EdgeCases_FollowTheRule(double work, double load, int workers, int expected) =>
        Assert.Equal(expected, CostModel.ReplicaCap(work, load, workers));

    [Fact]
    public void ReplicaCap_OfAnExpert_UsesItsTotalWorkAndLoad() =>
        Assert.Equal(3, CostModel.ReplicaCap(new ExpertSpec("x", ExpertKind.Reasoning, 10, 2, 16), 8));

    [Theory]
    [InlineData(12.0, 4, 3.0)]
    [InlineData(12.0, 0, 0.0)]
    [InlineData(12.0, -1, 0.0)]
    public void PerPromptSeconds_IsSessionTimeOverPrompts_AndZeroWithoutPrompts(double session, int prompts, double expected) =>
        Assert.Equal(expected, CostModel.PerPromptSeconds(session, prompts));

    [Fact]
    public void ShardThroughputFraction_IsWorkOverTheFlooredGenerationTime()
    {
        var tail = new RunTail(InstructPlateauSeconds: 60, ReasoningPlateauSeconds: 0, Shape: 0.5);
        var instruct = new ExpertSpec("i", ExpertKind.Instruct, 1, 0.5, 100);

        // 10 prompts: work 5 s, floor 60 · (1 − 0.5^10) ≈ 59.94 s.
        Assert.Equal(5 / (60 * (1 - Math.Pow(0.5, 10))), CostModel.ShardThroughputFraction(instruct, 10, tail), 12);
        // 200 prompts: work 100 s is above the floor.
        Assert.Equal(1.0, CostModel.ShardThroughputFraction(instruct, 200, tail));
        Assert.Equal(1.0, CostModel.ShardThroughputFraction(instruct with { Kind = ExpertKind.Reasoning }, 10, tail));
        Assert.Equal(1.0, CostModel.ShardThroughputFraction(instruct, 0, tail));
        Assert.Equal(1.0, CostModel.ShardThroughputFraction(instruct with { PerPromptSeconds = 0 }, 10, tail));
    }

    [Fact]
    public void Regression_RecoversKnownCoefficientsFromASweep()
    {
        var truth = new SessionTimeRegression(2.0, 0.01, 0.0005, 0.02);
        var samples = new[] { 1, 4, 16, 64, 256 }
            .SelectMany(n => new[] { (300.0, 900.0), (250.0, 1200.0) }.Select(t => (n, t.Item1, t.Item2)))
            .Select(s => new SessionTimeSample(s.n, s.Item2, s.Item3, truth.Predict(s.n, s.Item2, s.Item3)))
            .ToArray();

        var fit = SessionTimeRegression.Fit(samples);

        Assert.Equal(truth.Intercept, fit.Intercept, 6);
        Assert.Equal(truth.PerPrompt, fit.PerPrompt, 6);
        Assert.Equal(truth.PerToken, fit.PerToken, 8);
        Assert.Equal(truth.PerTailToken, fit.PerTailToken, 6);
    }

    [Fact]
    public void Regression_OutputsAllAtTheLimit_NameTheCoefficientsTheSweepCouldNotMeasure()
    {
        // Every output hit a 16-token limit: tokens per prompt never vary, so N·Ō is N times 16 and the tail a constant.
        var samples = new[] { (1, 0.5), (4, 0.9), (16, 2.5) }.Select(s => new SessionTimeSample(s.Item1, 16, 16, s.Item2)).ToArray();

        var fit = SessionTimeRegression.Fit(samples);

        Assert.Contains("per_tail_token_s", fit.Unmeasured());
        Assert.Empty(new SessionTimeRegression(2.0, 0.01, 0.0005, 0.02).Unmeasured());
    }

    [Fact]
    public void Regression_CoefficientsAreNeverNegative()
    {
        Gen.Select(Gen.Int[1, 200], Gen.Double[1, 4000], Gen.Double[0, 3], Gen.Double[0, 600]).Array[1, 12].Sample(raw =>
        {
            var samples = raw.Select(r => new SessionTimeSample(r.Item1, r.Item2, r.Item2 * (1 + r.Item3), r.Item4)).ToArray();

            var fit = SessionTimeRegression.Fit(samples);

            Assert.True(fit.Intercept >= 0 && fit.PerPrompt >= 0 && fit.PerToken >= 0 && fit.PerTailToken >= 0, fit.ToString());
        }, iter: 200);
    }

    [Fact]
    public void Profile_DerivesPerPromptCostFromTheSessionModel()
    {
        var profile = new ExpertProfile("QwenR1", ExpertKind.Reasoning, 45, 3000, 9000,
            new SessionTimeRegression(10, 0.01, 0.0005, 0.02), 0.02);

        var total = 10 + 0.01 * 1000 + 0.0005 * 1000 * 3000 + 0.02 * 9000;
        Assert.Equal(total, profile.PredictedSessionSeconds(1000), 9);
        Assert.Equal(total / 1000, profile.PerPromptSeconds(1000), 9);
        Assert.Equal(180, profile.LongestSinglePromptSeconds, 9);
    }

    [Fact]
    public void Profile_ASessionNeverEndsBeforeItsLongestPromptDecodedAlone()
    {
        // A fit over batched sessions: 0.03 s + 44 µs per token, so one 133-token prompt is predicted at 0.036 s, while
        // the longest output (197 tokens) alone takes 197 × 0.45 ms = 0.089 s.
        var profile = new ExpertProfile("think", ExpertKind.Reasoning, 0.005, 133, 197, new SessionTimeRegression(0.03, 0, 4.4e-5, 0), 4.5e-4);

        Assert.Equal(0.08865, profile.PredictedSessionSeconds(1), 9);
        Assert.Equal(0.08865 / 2, profile.PerPromptSeconds(2), 9);
        Assert.Equal(0.03 + (4.4e-5 * 80 * 133), profile.PredictedSessionSeconds(80), 9);
        Assert.Equal(0, profile.PredictedSessionSeconds(0));
    }

    [Fact]
    public void OneCallJob_PlannedMakespanIsNotBelowItsLowerBound()
    {
        var profile = new ExpertProfile("think", ExpertKind.Reasoning, 0.005, 133, 197, new SessionTimeRegression(0.03, 0, 4.4e-5, 0), 4.5e-4);
        var request = new StagePlanRequest(
            [new RoutedCall(0, 0, "think")], new Dictionary<string, ExpertProfile> { ["think"] = profile },
            [new WorkerSpec("gpu0", null), new WorkerSpec("gpu1", null)], 2, "mosaic", new IlpOptions { TimeLimit = TimeSpan.FromSeconds(2) });

        var plan = StagePlanner.Plan(request);

        Assert.True(plan.MakespanSeconds >= plan.Bound.Seconds - 1e-9, $"planned {plan.MakespanSeconds} s, bound {plan.Bound.Seconds} s");
        Assert.Equal(0.005 + 0.08865, plan.MakespanSeconds, 6);
    }

    [Fact]
    public void Profile_RoundTripsThroughSnakeCaseJson()
    {
        var profile = new ExpertProfile("QwenR1", ExpertKind.Reasoning, 45, 3000, 9000, new SessionTimeRegression(10, 0.01, 0.0005, 0.02), 0.02, 16);

        var json = System.Text.Json.JsonSerializer.Serialize(profile);

        Assert.Contains("\"per_token_s\":0.0005", json);
        Assert.Contains("\"kind\":\"reasoning\"", json);
        Assert.DoesNotContain("LongestSinglePromptSeconds", json);
        Assert.Equal(profile, System.Text.Json.JsonSerializer.Deserialize<ExpertProfile>(json));
    }

    [Fact]
    public void Regression_RejectsAnEmptySweep() =>
        Assert.Throws<ArgumentException>(() => SessionTimeRegression.Fit([]));
}

using Mosaic.Scheduling.Simulation;

namespace Mosaic.Scheduling.Tests;

public sealed class SyntheticTraceGeneratorTests
{
    private static readonly SchedulingInstance Instance = new(
        "synthetic",
        [
            new ExpertSpec("r", ExpertKind.Reasoning, 1, 6, 4000),
            new ExpertSpec("i", ExpertKind.Instruct, 1, 0.2, 4000),
            new ExpertSpec("given", ExpertKind.Instruct, 1, 0.5, 4000, MeanOutputTokens: 500),
            new ExpertSpec("idle", ExpertKind.Instruct, 1, 0.5, 0),
        ],
        [new WorkerSpec("w")],
        4);

    private static readonly Trace Trace = new SyntheticTraceGenerator(7).Generate(Instance);

    [Theory]
    [InlineData("r", 3000, SyntheticTraceGenerator.ReasoningSigma)]
    [InlineData("i", 200, SyntheticTraceGenerator.InstructSigma)]
    [InlineData("given", 500, SyntheticTraceGenerator.InstructSigma)]
    public void Generate_LengthsAreLogNormalAroundTheMeanWithTheKindsSigma(string expert, double mean, double sigma)
    {
        var lengths = Trace.OutputTokens[expert];
        var logs = lengths.Select(l => Math.Log(l)).ToArray();
        var logMean = logs.Average();
        var logSigma = Math.Sqrt(logs.Sum(x => (x - logMean) * (x - logMean)) / (logs.Length - 1));

        Assert.InRange(lengths.Average() / mean, 0.97, 1.03);
        Assert.InRange(logSigma / sigma, 0.95, 1.05);
        Assert.InRange(logMean, Math.Log(mean) - sigma * sigma / 2 - 0.03, Math.Log(mean) - sigma * sigma / 2 + 0.03);
    }

    [Theory]
    [InlineData("r", 3000)]
    [InlineData("i", 200)]
    [InlineData("given", 500)]
    public void Generate_APromptCostsTheMeanCostScaledByItsLength(string expert, double mean)
    {
        var spec = Instance.Experts.Single(e => e.Name == expert);

        Assert.All(
            Trace.Seconds[expert].Zip(Trace.OutputTokens[expert]),
            p => Assert.Equal(spec.MeanPromptCost * p.Second / mean, p.First, 12));
        Assert.False(Trace.Seconds.ContainsKey("idle"));
    }

    [Fact]
    public void Generate_TinyMean_StillProducesAtLeastOneToken()
    {
        var tiny = Instance with { Experts = [new ExpertSpec("t", ExpertKind.Instruct, 1, 1, 50, MeanOutputTokens: 0.01)] };

        var trace = new SyntheticTraceGenerator(1).Generate(tiny);

        Assert.All(trace.OutputTokens["t"], l => Assert.Equal(1, l));
    }

    [Fact]
    public void WithPredictedCosts_NoError_GivesTheTracesCosts_AndLeavesIdleExpertsAlone()
    {
        var predicted = SyntheticTraceGenerator.WithPredictedCosts(Instance, Trace, errorSigma: 0, seed: 3);

        Assert.Equal(Trace.Seconds["r"], predicted.Experts[0].PromptCosts!);
        Assert.Same(Instance.Experts[3], predicted.Experts[3]);
        Assert.Equal(Instance.Workers, predicted.Workers);
    }

    [Fact]
    public void WithPredictedCosts_LogNormalError_IsUnbiasedAndSeeded()
    {
        var a = SyntheticTraceGenerator.WithPredictedCosts(Instance, Trace, errorSigma: 0.5, seed: 3);
        var b = SyntheticTraceGenerator.WithPredictedCosts(Instance, Trace, errorSigma: 0.5, seed: 3);
        var c = SyntheticTraceGenerator.WithPredictedCosts(Instance, Trace, errorSigma: 0.5, seed: 4);

        var ratios = a.Experts[1].PromptCosts!.Zip(Trace.Seconds["i"], (p, t) => p / t).ToArray();
        Assert.InRange(ratios.Average(), 0.97, 1.03);
        var logs = ratios.Select(r => Math.Log(r)).ToArray();
        Assert.InRange(Math.Sqrt(logs.Select(x => (x - logs.Average()) * (x - logs.Average())).Average()), 0.475, 0.525);
        Assert.Equal(a.Experts[1].PromptCosts!, b.Experts[1].PromptCosts!);
        Assert.NotEqual(a.Experts[1].PromptCosts!, c.Experts[1].PromptCosts!);
    }
}

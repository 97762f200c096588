using Mosaic.Scheduling.Emulation;
using Mosaic.Scheduling.Instances;

namespace Mosaic.Scheduling.Tests;

public sealed class PaperCalibrationTests
{
    [Theory]
    [InlineData("Qwen", 0.40, 0.60)]
    [InlineData("Exaone", 0.40, 0.60)]
    [InlineData("GLM", 0.40, 0.60)]
    [InlineData("Gemma", 1.0, 1.0)]
    [InlineData("LlamaR1", 1.0, 1.0)]
    [InlineData("QwenR1", 1.0, 1.0)]
    public void Tail_ReproducesAppendixA6OnTheDataParallelShards(string expert, double low, double high)
    {
        var instance = PaperInstances.Get("paper:mmlu-pro");
        var spec = instance.Experts.Single(e => e.Name == expert);
        var shard = PaperCalibration.DataParallelShard(spec.Prompts, instance.Workers.Count);

        var kept = CostModel.ShardThroughputFraction(spec, shard, PaperCalibration.Tail);

        Assert.InRange(kept, low - 1e-9, high + 1e-9);
        Assert.Equal(1.0, CostModel.ShardThroughputFraction(spec, spec.Prompts, PaperCalibration.Tail), 9);
    }

    [Fact]
    public void SingleStreamRate_IsPlausibleForA7To9BModelOnOneA100()
    {
        var tokensPerSecond = 1 / PaperCalibration.SingleStreamSecondsPerToken;

        Assert.InRange(tokensPerSecond, 50, 120);
    }

    [Theory]
    [InlineData("paper:mmlu-pro")]
    [InlineData("paper:medmcqa")]
    [InlineData("paper:gpqa")]
    public void Profile_NormalizesPatternsAndLengthMultipliers(string instance)
    {
        var profile = PaperCalibration.For(instance);
        var paper = PaperDatasets.Get(instance);

        Assert.Equal(1.0, profile.Patterns.Unanimous + profile.Patterns.Majority + profile.Patterns.Split, 12);
        Assert.Equal(paper.SkipRate, profile.Patterns.Unanimous + profile.Patterns.Majority, 12);
        Assert.Equal(1.0, profile.LengthMultipliers.WeightedBy(profile.Patterns), 12);
        Assert.Equal(2696.0 / 1064.0, profile.LengthMultipliers.Split / profile.LengthMultipliers.Unanimous, 9);
    }

    [Theory]
    [InlineData("paper:mmlu-pro")]
    [InlineData("paper:medmcqa")]
    [InlineData("paper:gpqa")]
    public void ExpectedFullAggregation_IsThePapersExactly(string instance)
    {
        var profile = PaperCalibration.For(instance);
        var paper = PaperDatasets.Get(instance);

        var stage = PaperCalibration.ExpectedAggregatorStageSeconds(profile, paper.Patterns.Select((_, r) => r * paper.Questions));

        Assert.Equal(paper.BaselineAggregatorSeconds, stage, 6);
    }

    [Fact]
    public void ExpectedGatedAggregation_IsFittedOnMmluProOnly()
    {
        var profile = PaperCalibration.For("paper:mmlu-pro");
        var paper = PaperDatasets.MmluPro;

        var gated = PaperCalibration.ExpectedAggregatorStageSeconds(profile, new PatternValues(0, 0, 323));

        Assert.Equal(paper.MosaicAggregatorSeconds, gated, 3);
        Assert.InRange(PaperCalibration.SplitRunawayProbability, 0.05, 0.6);
        Assert.Equal(0, PaperCalibration.For("paper:medmcqa").Aggregator.SplitRunawayProbability);
        Assert.Equal(PaperCalibration.SplitRunawayProbability, PaperCalibration.For("paper:gpqa").Aggregator.SplitRunawayProbability);
    }

    [Fact]
    public void TensorParallelStartup_IsFittedOnMedMcqasGatedStage()
    {
        var profile = PaperCalibration.For("paper:medmcqa");
        var paper = PaperDatasets.MedMcqa;

        var gated = PaperCalibration.ExpectedAggregatorStageSeconds(profile, new PatternValues(0, 0, paper.Patterns.Split * paper.Questions));

        Assert.Equal(paper.MosaicAggregatorSeconds, gated, 3);
        // A start-up is positive and costs less than the load it follows.
        Assert.InRange(PaperCalibration.TensorParallelStartupSeconds, 0.5, profile.Aggregator.LoadSeconds);
        Assert.All(PaperCalibration.Instances, i =>
            Assert.Equal(PaperCalibration.TensorParallelStartupSeconds, PaperCalibration.For(i).Aggregator.TensorParallelStartupSeconds));
    }

    [Fact]
    public void ExpectedGatedAggregation_PredictsGpqaWithin10Percent()
    {
        var profile = PaperCalibration.For("paper:gpqa");

        var gated = PaperCalibration.ExpectedAggregatorStageSeconds(profile, new PatternValues(0, 0, 25));

        Assert.InRange(gated / PaperDatasets.Gpqa.MosaicAggregatorSeconds, 0.9, 1.1);
    }

    [Theory]
    [InlineData("paper:mmlu-pro")]
    [InlineData("paper:medmcqa")]
    [InlineData("paper:gpqa")]
    public void AnswerRates_ReproduceTable1InExpectation(string instance)
    {
        var rates = PaperCalibration.For(instance).Answers;
        var paper = PaperDatasets.Get(instance);
        var w = paper.Patterns;

        var full = rates.AggregatorCorrect.WeightedBy(w);
        var conservative = w.Unanimous * (rates.MajorityCorrect.Unanimous - rates.AggregatorCorrect.Unanimous);
        var aggressive = conservative + w.Majority * (rates.MajorityCorrect.Majority - rates.AggregatorCorrect.Majority);

        Assert.Equal(paper.FullAggregatorAccuracy, full, 9);
        Assert.Equal(paper.ConservativeAccuracyDelta, conservative, 9);
        Assert.Equal(paper.AggressiveAccuracyDelta, aggressive, 9);
    }

    [Fact]
    public void ExpertTokenRates_AreTheSameModelOnEveryDataset()
    {
        var mmlu = PaperCalibration.For("paper:mmlu-pro");

        foreach (var instance in new[] { "paper:medmcqa", "paper:gpqa" })
        {
            foreach (var expert in PaperCalibration.For(instance).Experts.Values)
            {
                Assert.Equal(mmlu.Expert(expert.Name).SecondsPerToken, expert.SecondsPerToken, 12);
            }
        }

        // LlamaR1 on MMLU-Pro: 3,146 tokens in 2.337 s, inside the paper's 1,000–2,000 tok/s.
        Assert.InRange(1 / mmlu.Expert("LlamaR1").SecondsPerToken, 1000, 2000);
    }

    [Fact]
    public void UnknownInstance_IsNamed()
    {
        var e = Assert.Throws<InvalidInstanceException>(() => PaperCalibration.For("paper:aime"));

        Assert.Contains("'paper:aime'", e.Message);
    }
}

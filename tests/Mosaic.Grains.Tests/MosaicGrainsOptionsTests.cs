using Mosaic.Grains.Hosting;

namespace Mosaic.Grains.Tests;

public sealed class MosaicGrainsOptionsTests
{
    [Fact]
    public void Validate_UnknownEmulationProfile_NamesItAndTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => TestOptions.Emulated(o => o.Emulation.Profile = "paper:mmlu"));

        Assert.Contains("Mosaic:Emulation:Profile 'paper:mmlu' is unknown", error.Message);
        Assert.Contains("paper:mmlu-pro, paper:medmcqa, paper:gpqa", error.Message);
    }

    [Theory]
    [InlineData("paper:mmlu-pro")]
    [InlineData("paper:gpqa")]
    [InlineData(null)]
    [InlineData("")]
    public void Validate_KnownProfileOrNone_IsAccepted(string? profile)
    {
        var options = TestOptions.Emulated(o => o.Emulation.Profile = profile);

        Assert.Equal(string.IsNullOrEmpty(profile), options.Emulation.Calibration() is null);
    }

    [Fact]
    public void Validate_AnExpertsBadSetting_IsNamed()
    {
        // "has an invalid setting (kind, load, per-prompt cost, tokens, memory, limits or KV budget)" before.
        var error = Assert.Throws<ArgumentException>(() => TestOptions.Emulated(o => o.Experts.First().Value.MaxNewTokens = -5));

        Assert.EndsWith(": max new tokens must be at least 1, got -5", error.Message);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0)]
    [InlineData(8)]
    public void Validate_AggregatorTensorParallelOtherThan1Or4_IsRejected(int degree)
    {
        var error = Assert.Throws<ArgumentException>(() => TestOptions.Emulated(o => o.AggregatorTensorParallel = degree));

        Assert.Contains("Mosaic:AggregatorTensorParallel must be 1 or 4", error.Message);
    }

    [Fact]
    public void Validate_TensorParallelAggregatorWithTorchSharp_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => TestOptions.Emulated(o =>
        {
            o.Backend = BackendKind.TorchSharp;
            o.AggregatorTensorParallel = 4;
            foreach (var expert in o.Experts.Values)
            {
                expert.ModelPath = "/models/x";
            }
        }));

        Assert.Contains("needs the emulated backend", error.Message);
    }
}

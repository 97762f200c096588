using Mosaic.Scheduling.Simulation;

namespace Mosaic.Scheduling.Tests;

public sealed class PipelineResultTests
{
    [Fact]
    public void Derived_EndToEndSkipRateAndAccuracy_FollowTheCounts()
    {
        var result = new PipelineResult(300, 120, 200, 50, 7, 150, []);

        Assert.Equal(420, result.EndToEndSeconds);
        Assert.Equal(0.75, result.SkipRate, 12);
        Assert.Equal(0.75, result.Accuracy, 12);
        Assert.Equal(0.2, (result with { CorrectAnswers = 40 }).Accuracy, 12);
    }

    [Fact]
    public void Derived_WithoutQuestions_AreZero()
    {
        var result = new PipelineResult(0, 0, 0, 0, 0, 0, []);

        Assert.Equal(0, result.SkipRate);
        Assert.Equal(0, result.Accuracy);
    }
}

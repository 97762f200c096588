using Mosaic.Scheduling.Simulation;

namespace Mosaic.Scheduling.Tests;

public sealed class PublishedFigureTests
{
    [Fact]
    public void Deviation_OfAStage_IsRelative()
    {
        var figure = new PublishedFigure("expert stage", PaperStage.Expert, new PaperFigure(200), 0.05);

        Assert.Equal(0.05, figure.Deviation(210), 12);
    }

    [Fact]
    public void Deviation_OfTheSkipRate_IsInAbsolutePoints()
    {
        var figure = new PublishedFigure("skip rate", PaperStage.SkipRate, new PaperFigure(0.5), 0.02);

        Assert.Equal(0.01, figure.Deviation(0.51), 12);
    }

    [Theory]
    [InlineData(210, true)]
    [InlineData(190, true)]
    [InlineData(211, false)]
    [InlineData(189, false)]
    public void Within_IsTheToleranceOnEitherSideInclusive(double value, bool expected) =>
        Assert.Equal(expected, new PublishedFigure("aggregator stage", PaperStage.Aggregator, new PaperFigure(200), 0.05).Within(value));

    [Theory]
    [InlineData(0.52, true)]
    [InlineData(0.48, true)]
    [InlineData(0.53, false)]
    [InlineData(0.47, false)]
    public void Within_SkipRate_IsWithinTwoPoints(double value, bool expected) =>
        Assert.Equal(expected, new PublishedFigure("skip rate", PaperStage.SkipRate, new PaperFigure(0.5), 0.02).Within(value));

    [Fact]
    public void Within_WithoutATolerance_IsAlwaysTrue() =>
        Assert.True(new PublishedFigure("end to end", PaperStage.EndToEnd, new PaperFigure(200), null).Within(1e6));
}

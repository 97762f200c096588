using Mosaic.Scheduling.Simulation;

namespace Mosaic.Scheduling.Tests;

public sealed class PaperFigureTests
{
    [Theory]
    [InlineData(110, 0.1)]
    [InlineData(90, -0.1)]
    [InlineData(100, 0)]
    public void Deviation_OfAFigure_IsValueOverFigureMinusOne(double value, double expected) =>
        Assert.Equal(expected, new PaperFigure(100).Deviation(value), 12);

    [Theory]
    [InlineData(90, -0.1)]
    [InlineData(100, 0)]
    [InlineData(150, 0)]
    [InlineData(200, 0)]
    [InlineData(220, 0.1)]
    public void Deviation_OfARange_IsZeroInsideAndRelativeToTheNearerEndOutside(double value, double expected) =>
        Assert.Equal(expected, new PaperFigure(100, 200).Deviation(value), 12);

    [Fact]
    public void ToString_ShowsTheFigureOrTheRange()
    {
        Assert.Equal("870.5", new PaperFigure(870.5).ToString());
        Assert.Equal("0.37", new PaperFigure(0.3737).ToString());
        Assert.Equal("1557–1668", new PaperFigure(1557, 1668).ToString());
        Assert.Equal("526.5–585", new PaperFigure(526.49, 585).ToString());
    }
}

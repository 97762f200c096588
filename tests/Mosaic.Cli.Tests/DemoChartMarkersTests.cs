using Mosaic.Cli.Demo;

namespace Mosaic.Cli.Tests;

public sealed class DemoChartMarkersTests
{
    [Fact]
    public void Markers_ForecastAboveThePlan_IsDrawnToo()
    {
        // mosaic-paper in a review's demo: no early decisions, but the calibrated spread put the forecast above the plan.
        var markers = DemoRunner.Markers(expertStageSeconds: 1.70, plannedSeconds: 1.72, forecastSeconds: 1.76);

        Assert.Equal(["expert stage 1.7 s", "planned 1.7 s", "forecast 1.8 s"], markers.Select(m => m.Label));
        Assert.Equal(1.76, markers[^1].Seconds);
    }

    [Fact]
    public void Markers_ForecastBelowThePlan_IsDrawn()
    {
        var markers = DemoRunner.Markers(expertStageSeconds: 1.12, plannedSeconds: 1.26, forecastSeconds: 1.18);

        Assert.Equal(["expert stage 1.1 s", "planned 1.3 s", "forecast 1.2 s"], markers.Select(m => m.Label));
    }

    [Fact]
    public void Markers_ForecastEqualToThePlan_IsOneLine()
    {
        var markers = DemoRunner.Markers(expertStageSeconds: 2.09, plannedSeconds: 2.10, forecastSeconds: 2.10);

        Assert.Equal(["expert stage 2.1 s", "planned 2.1 s"], markers.Select(m => m.Label));
    }
}

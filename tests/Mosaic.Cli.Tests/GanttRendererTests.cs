using Mosaic.Cli.Timelines;

namespace Mosaic.Cli.Tests;

public sealed class GanttRendererTests
{
    private static readonly string[] Models = ["think-arith", "quick-small"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Chart_DrawsOneLaneOfBarsPerWorker(int workers)
    {
        var lanes = Enumerable.Range(0, workers).Select(n => $"gpu{n}").ToArray();
        var bars = lanes.SelectMany((lane, n) => new[]
        {
            new GanttBar(lane, GanttKind.Load, "think-arith", 0, 0.01, 0),
            new GanttBar(lane, GanttKind.ExpertSession, "think-arith", 0.01, 4 + n, 40),
            new GanttBar(lane, GanttKind.ExpertSession, "quick-small", 4 + n, 6 + n, 20),
            new GanttBar(lane, GanttKind.AggregatorSession, "aggregator", 6 + n, 7 + n, 10),
        }).ToArray();
        var path = Temp("lanes.png");

        GanttRenderer.SavePng(new GanttChart("test", lanes, bars, [new GanttMarker("end", 6)], Models), path);

        Assert.True(Png.HasSignature(path));
        using var bitmap = Png.Decode(path);
        Assert.Equal(GanttRenderer.Width, bitmap.Width);
        Assert.Equal(GanttRenderer.Height(new GanttChart("test", lanes, bars, [], Models)), bitmap.Height);

        // A column a third into the plot crosses every lane's think-arith bar and nothing else coloured but the legend.
        var rows = Png.ColouredRows(bitmap, bitmap.Width / 3, bitmap.Width / 3 + 20, minPixels: 5);
        var plotRows = rows.Where(y => y < bitmap.Height - 80).ToArray();
        Assert.Equal(workers, Png.Bands(plotRows));
    }

    [Fact]
    public void Chart_WithoutBars_StillRenders()
    {
        var path = Temp("empty.png");

        GanttRenderer.SavePng(new GanttChart("nothing ran", ["gpu0", "gpu1"], [], [], Models), path);

        Assert.True(Png.HasSignature(path));
    }

    internal static string Temp(string name)
    {
        var directory = Path.Combine(Path.GetTempPath(), "mosaic-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, name);
    }
}

using System.Globalization;
using ScottPlot;

namespace Mosaic.Cli.Timelines;

/// <summary>
/// Draws a <see cref="GanttChart"/> to a PNG with ScottPlot: one lane per worker, one coloured bar per expert
/// session (labelled with the model and its calls when the bar is wide enough), the aggregator in dark slate, model
/// loads as black ticks (zoo models load in milliseconds, so a load is drawn at least a few pixels wide), skipped
/// sessions hatched in red, and dashed markers across the lanes (named in the legend).
/// </summary>
internal static class GanttRenderer
{
    public const int Width = 1400;
    private const int LanePixels = 110;
    private const int FramePixels = 190;
    private const double BarHeight = 0.7;
    private const string Font = "DejaVu Sans";

    private static readonly Color AggregatorColor = Color.FromHex("#37474F");
    private static readonly Color LoadColor = Colors.Black;
    private static readonly Color SkippedColor = Color.FromHex("#C62828");
    private static readonly Color[] MarkerColors = [Color.FromHex("#D84315"), Color.FromHex("#1565C0"), Color.FromHex("#2E7D32")];

    public static void SavePng(GanttChart chart, string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        Directory.CreateDirectory(directory!);
        using var plot = Build(chart);
        plot.SavePng(path, Width, Height(chart));
    }

    public static int Height(GanttChart chart) => FramePixels + LanePixels * Math.Max(1, chart.Lanes.Count);

    public static Color ColorOf(string model, IReadOnlyList<string> models)
    {
        var index = models.ToList().IndexOf(model);
        return new ScottPlot.Palettes.Category10().GetColor(index < 0 ? models.Count : index);
    }

    private static Plot Build(GanttChart chart)
    {
        var plot = new Plot();
        plot.Font.Set(Font);
        var right = Math.Max(1e-3, chart.Bars.Select(b => b.End).Concat(chart.Markers.Select(m => m.Seconds)).DefaultIfEmpty(1).Max()) * 1.02;
        var secondsPerPixel = right / (Width - 160);
        var lanes = chart.Lanes.Select((lane, i) => (lane, i)).ToDictionary(p => p.lane, p => p.i, StringComparer.Ordinal);

        foreach (var bar in chart.Bars.OrderBy(b => b.Kind == GanttKind.Load))
        {
            if (!lanes.TryGetValue(bar.Lane, out var lane))
            {
                continue;
            }

            var minimum = (bar.Kind == GanttKind.Load ? 3 : 2) * secondsPerPixel;
            var end = Math.Max(bar.End, bar.Start + minimum);
            var height = bar.Kind == GanttKind.Load ? BarHeight + 0.1 : BarHeight;
            var rectangle = plot.Add.Rectangle(bar.Start, end, lane - height / 2, lane + height / 2);
            rectangle.LineStyle.Width = bar.Kind == GanttKind.Load ? 0 : 1;
            rectangle.LineStyle.Color = bar.Kind == GanttKind.SkippedSession ? SkippedColor : Colors.White;
            rectangle.FillStyle.Color = bar.Kind switch
            {
                GanttKind.Load => LoadColor,
                GanttKind.AggregatorSession => AggregatorColor,
                GanttKind.SkippedSession => Colors.White,
                _ => ColorOf(bar.Model, chart.Models),
            };
            if (bar.Kind == GanttKind.SkippedSession)
            {
                rectangle.FillStyle.Hatch = new ScottPlot.Hatches.Striped();
                rectangle.FillStyle.HatchColor = SkippedColor;
            }

            if (bar.Kind != GanttKind.Load)
            {
                Label(plot, bar, lane, secondsPerPixel);
            }
        }

        foreach (var (marker, i) in chart.Markers.Select((m, i) => (m, i)))
        {
            plot.Add.VerticalLine(marker.Seconds, 2, MarkerColors[i % MarkerColors.Length], LinePattern.Dashed);
        }

        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var (lane, i) in lanes)
        {
            ticks.AddMajor(i, lane);
        }

        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.Left.TickLabelStyle.FontSize = 14;
        plot.Axes.Left.TickLabelStyle.Bold = true;
        plot.Axes.Bottom.Label.Text = chart.XAxisLabel;
        plot.Axes.Bottom.Label.FontSize = 14;
        plot.Axes.SetLimits(0, right, -0.6, Math.Max(1, chart.Lanes.Count) - 0.4);
        plot.Axes.InvertY();
        plot.Title(chart.Title, 16);
        plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;

        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "model load", FillColor = LoadColor });
        foreach (var model in chart.Models.Where(m => chart.Bars.Any(b => b.Kind == GanttKind.ExpertSession && b.Model == m)))
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = model, FillColor = ColorOf(model, chart.Models) });
        }

        if (chart.Bars.Any(b => b.Kind == GanttKind.AggregatorSession))
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "aggregator calls", FillColor = AggregatorColor });
        }

        if (chart.Bars.Any(b => b.Kind == GanttKind.SkippedSession))
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "skipped session", FillColor = Colors.White, LineColor = SkippedColor, LineWidth = 1 });
        }

        foreach (var (marker, i) in chart.Markers.Select((m, i) => (m, i)))
        {
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = marker.Label, LineColor = MarkerColors[i % MarkerColors.Length], LineWidth = 2, LinePattern = LinePattern.Dashed,
            });
        }

        plot.Legend.Orientation = Orientation.Horizontal;
        plot.Legend.FontName = Font;
        plot.Legend.FontSize = 12;
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    /// <summary>The model and its calls inside the bar, on two lines, or one, or none when the bar is too narrow to read.</summary>
    private static void Label(Plot plot, GanttBar bar, int lane, double secondsPerPixel)
    {
        var pixels = (bar.End - bar.Start) / secondsPerPixel;
        var name = bar.Kind == GanttKind.AggregatorSession ? "aggregator" : bar.Model;
        var calls = bar.Kind == GanttKind.SkippedSession ? "skipped" : string.Create(CultureInfo.InvariantCulture, $"{bar.Calls} calls");
        var text = pixels >= 8 * Math.Max(name.Length, calls.Length) ? $"{name}\n{calls}"
            : pixels >= 7.5 * name.Length ? name
            : null;
        if (text is null)
        {
            return;
        }

        var label = plot.Add.Text(text, (bar.Start + bar.End) / 2, lane);
        label.LabelFontName = Font;
        label.LabelFontSize = 12;
        label.LabelAlignment = Alignment.MiddleCenter;
        label.LabelFontColor = bar.Kind == GanttKind.SkippedSession ? SkippedColor : Colors.White;
        label.LabelBold = true;
    }
}

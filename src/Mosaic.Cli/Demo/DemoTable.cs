using System.Globalization;
using Spectre.Console;

namespace Mosaic.Cli.Demo;

/// <summary>The demo's one table (valid Markdown, cells never wrapped) and the lines that say what it compares.</summary>
internal static class DemoTable
{
    public static void Write(DemoReport report, TextWriter writer)
    {
        var baseline = report.Runs[0];
        var table = new Table { Border = TableBorder.Markdown };
        foreach (var column in new[]
        {
            "run", "scheduler", "gate", "accuracy", "expert s", "aggregator s", "end-to-end s", "speedup (expert / aggregator / e2e)",
            "aggregator calls skipped", "expert calls cancelled", "expert stage predicted → realized s", "plan's speeds vs profile",
        })
        {
            table.AddColumn(new TableColumn(column).NoWrap());
        }

        foreach (var r in report.Runs)
        {
            table.AddRow(
                r.Name, r.Scheduler, Markup.Escape(r.Gate), Percent(r.Accuracy), Seconds(r.ExpertStageSeconds), Seconds(r.AggregatorStageSeconds),
                Seconds(r.EndToEndSeconds),
                Invariant($"{Ratio(baseline.ExpertStageSeconds, r.ExpertStageSeconds)} / {Ratio(baseline.AggregatorStageSeconds, r.AggregatorStageSeconds)} / {Ratio(baseline.EndToEndSeconds, r.EndToEndSeconds)}"),
                Invariant($"{r.SkippedFraction:P1} ({report.Questions - r.AggregatorCalls})"), Invariant($"{r.CancelledExpertCalls}{(r.SharedExpertCalls > 0 ? $" (+{r.SharedExpertCalls} shared)" : "")}"),
                Invariant($"{r.PredictedExpertStageSeconds:0.0} → {r.ExpertStageSeconds:0.0} ({r.RealizedOverPredicted - 1:+0%;-0%})"),
                r.SpeedFactors.Count == 0 ? "profiles" : Invariant($"{r.SpeedFactors.Values.Min():0.00}–{r.SpeedFactors.Values.Max():0.00}x"));
        }

        var console = ConsoleTables.For(writer);
        console.WriteLine(Invariant(
            $"{report.Questions} routed zoo test questions, {report.Workers} worker silos (TorchSharp on CPU, {report.Cores} cores), real wall seconds{(report.Rounds > 1 ? $", each run its median of {report.Rounds} interleaved rounds" : "")}; direct reference (models called directly, full aggregation): accuracy {report.DirectAccuracy:P1}"));
        console.Write(table);
        console.WriteLine(Invariant($"timelines, report.json and results.jsonl in {report.OutputDirectory}; machine load average {report.LoadAverageBefore:0.0} before, {report.LoadAverageAfter:0.0} after; {report.WallSeconds:0} s in all"));
    }

    private static string Percent(double fraction) => Invariant($"{fraction * 100:0.0}%");

    private static string Seconds(double seconds) => Invariant($"{seconds:0.0}");

    private static string Ratio(double baseline, double value) => value > 0 ? Invariant($"{baseline / value:0.00}x") : "-";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

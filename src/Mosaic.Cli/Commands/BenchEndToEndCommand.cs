using System.CommandLine;
using Mosaic.Benchmarks;
using Spectre.Console;

namespace Mosaic.Cli.Commands;

/// <summary><c>mosaic bench end-to-end</c>: the paper's baseline, MOSAIC and Mosaic.Orleans through the real grains (emulated).</summary>
internal static class BenchEndToEndCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var instance = new Option<string>("--instance") { Description = "the paper instance whose workload runs", DefaultValueFactory = _ => "paper:mmlu-pro" };
        instance.AcceptOnlyFromAmong([.. Scheduling.Instances.PaperInstances.Names]);
        var timeScale = new Option<double>("--time-scale") { Description = "wall seconds per emulated second", DefaultValueFactory = _ => 0.01 };
        var seed = new Option<int>("--seed") { Description = "workload and emulation seed", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "print one JSON object" };
        var timelines = new Option<bool>("--timelines") { Description = "with --json: every worker's timeline per configuration, grains and simulator" };
        var command = new Command("end-to-end", "Expert stage, aggregator stage and end to end against the paper's baseline (emulated backend).")
        {
            instance, timeScale, seed, json, timelines,
        };
        command.SetAction(parsed => CommandErrors.Run(stderr, () =>
        {
            var scale = parsed.GetValue(timeScale);
            if (!double.IsFinite(scale) || scale <= 0 || scale > 1)
            {
                throw new UsageException($"--time-scale must be in (0, 1], got {scale}");
            }

            if (parsed.GetValue(timelines) && !parsed.GetValue(json))
            {
                throw new UsageException("--timelines adds the workers' timelines to the JSON report: use it with --json");
            }

            var name = parsed.GetValue(instance)!;
            var report = EndToEndBenchmark.RunAsync(name, scale, parsed.GetValue(seed), line =>
            {
                stderr.WriteLine(line);
                stderr.Flush();
            }, parsed.GetValue(timelines)).GetAwaiter().GetResult();
            if (parsed.GetValue(json))
            {
                JsonOutput.Write(stdout, report);
            }
            else
            {
                var table = new Table { Border = TableBorder.Markdown };
                foreach (var column in new[] { "config", "expert s", "aggregator s", "end-to-end s", "paper (e/a/e2e)", "deviation", "x baseline", "x MOSAIC", "x MOSAIC same gate", "skipped", "simulator e2e", "accuracy (emulated)" })
                {
                    table.AddColumn(column);
                }

                foreach (var r in report.Runs)
                {
                    table.AddRow(Markup.Escape(r.Config), $"{r.ExpertStageSeconds:0}", $"{r.AggregatorStageSeconds:0}", $"{r.EndToEndSeconds:0}",
                        Markup.Escape(Paper(r)), Markup.Escape(Deviation(r)), $"{r.SpeedupOverBaseline:0.00}", $"{r.SpeedupOverMosaicAsPublished:0.00}",
                        r.SpeedupOverMosaicSameGate is { } same ? $"{same:0.00}" : "",
                        $"{r.SkippedFraction:P1}", $"{r.Simulator.EndToEndSeconds:0}", $"{r.AccuracyEmulated:P2}");
                }

                ConsoleTables.For(stdout).WriteTitled(
                    $"{report.Instance}, {report.Questions} questions, seed {report.Seed} (EMULATED: {report.Emulation}, time scale {report.TimeScale})", table);
            }

            return report.Runs.All(r => r.AllAnswered) ? ExitCodes.Success : ExitCodes.Failure;
        }));
        return command;
    }

    private static string Paper(EndToEndRow row) => row.Paper is not { } paper ? "" : string.Join(" / ", new[] { "expert_stage_s", "aggregator_stage_s", "end_to_end_s" }
        .Where(paper.ContainsKey).Select(k => row.PaperHigh?.TryGetValue(k, out var high) == true ? $"{paper[k]:0}–{high:0}" : $"{paper[k]:0}"));

    private static string Deviation(EndToEndRow row) => row.Deviation is not { } deviation ? "" : string.Join(" / ", new[] { "expert_stage_s", "aggregator_stage_s", "end_to_end_s" }
        .Where(deviation.ContainsKey).Select(k => $"{deviation[k]:+0.0%;-0.0%;0.0%}")) + (row.WithinTolerance ? "" : " (out of tolerance)");
}

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
        var seed = new Option<int>("--seed") { Description = "workload seed", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "print one JSON object" };
        var command = new Command("end-to-end", "Expert stage, aggregator stage and end to end against the paper's baseline (emulated backend).")
        {
            instance, timeScale, seed, json,
        };
        command.SetAction(parsed => CommandErrors.Run(stderr, () =>
        {
            var scale = parsed.GetValue(timeScale);
            if (!double.IsFinite(scale) || scale <= 0 || scale > 1)
            {
                throw new UsageException($"--time-scale must be in (0, 1], got {scale}");
            }

            var name = parsed.GetValue(instance)!;
            var report = ProgressConsole.Status(stderr, $"running the baseline, MOSAIC and Mosaic.Orleans on {name} through a 4-silo cluster (emulated)",
                _ => EndToEndBenchmark.RunAsync(name, scale, parsed.GetValue(seed)).GetAwaiter().GetResult());
            if (parsed.GetValue(json))
            {
                JsonOutput.Write(stdout, report);
            }
            else
            {
                var table = new Table { Border = TableBorder.Markdown, Title = new TableTitle($"{report.Instance}, {report.Questions} questions (EMULATED backend, time scale {report.TimeScale})") };
                foreach (var column in new[] { "config", "expert s", "aggregator s", "end-to-end s", "expert x", "aggregator x", "e2e x", "skipped", "cancelled calls", "accuracy (emulated)" })
                {
                    table.AddColumn(column);
                }

                foreach (var r in report.Runs)
                {
                    table.AddRow(Markup.Escape(r.Config), $"{r.ExpertStageSeconds:0}", $"{r.AggregatorStageSeconds:0}", $"{r.EndToEndSeconds:0}",
                        $"{r.ExpertSpeedup:0.00}", $"{r.AggregatorSpeedup:0.00}", $"{r.EndToEndSpeedup:0.00}", $"{r.SkippedFraction:P1}",
                        $"{r.CancelledExpertCalls}", $"{r.AccuracyEmulated:P2}");
                }

                ConsoleTables.For(stdout).Write(table);
            }

            return report.Runs.All(r => r.AllAnswered) ? ExitCodes.Success : ExitCodes.Failure;
        }));
        return command;
    }
}

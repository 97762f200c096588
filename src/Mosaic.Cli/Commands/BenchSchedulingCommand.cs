using System.CommandLine;
using Mosaic.Cli.Benchmarks;
using Mosaic.Scheduling.Instances;
using Spectre.Console;

namespace Mosaic.Cli.Commands;

/// <summary><c>mosaic bench scheduling</c>: paper instances and the ILP scaling table.</summary>
internal static class BenchSchedulingCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var repeats = new Option<int>("--repeats") { Description = "ILP solves per paper instance for the median solve time", DefaultValueFactory = _ => 11 }.AtLeast(1);
        var timeLimit = new Option<int>("--time-limit-ms") { Description = "CP-SAT limit for the scaling table", DefaultValueFactory = _ => 2000 };
        var searchWorkers = new Option<int>("--search-workers") { Description = "CP-SAT threads for the scaling table (0 = automatic)", DefaultValueFactory = _ => 0 };
        var experts = new Option<string>("--experts") { Description = "expert counts of the scaling table", DefaultValueFactory = _ => "6,20,50" };
        var workers = new Option<string>("--workers") { Description = "worker counts of the scaling table", DefaultValueFactory = _ => "4,16,64" };
        var json = new Option<bool>("--json") { Description = "print one JSON object" };
        var command = new Command("scheduling", "Benchmark the schedulers on the paper instances and the ILP at scale.")
        {
            repeats, timeLimit, searchWorkers, experts, workers, json,
        };

        command.SetAction(parsed => CommandErrors.Run(stderr, () =>
        {
            if (parsed.GetValue(timeLimit) <= 0 || parsed.GetValue(searchWorkers) < 0)
            {
                throw new UsageException("--time-limit-ms must be positive and --search-workers at least 0");
            }

            var (expertCounts, workerCounts) = (ProfileCommand.IntList(parsed.GetValue(experts)!, "--experts"), ProfileCommand.IntList(parsed.GetValue(workers)!, "--workers"));
            SchedulingBenchmarkReport? report = null;
            ProgressBoard.Run(stderr, board =>
            {
                var paper = board.Add("paper instances", PaperInstances.Names.Count);
                var scaling = board.Add("ILP scaling", expertCounts.Count() * workerCounts.Count());
                report = SchedulingBenchmark.Run(
                    parsed.GetValue(repeats), TimeSpan.FromMilliseconds(parsed.GetValue(timeLimit)), parsed.GetValue(searchWorkers), expertCounts, workerCounts,
                    row => paper.Advance($"paper instances: {row.Instance} {row.MosaicStatus}"),
                    row => scaling.Advance($"ILP scaling: M={row.Experts} N={row.Workers} {row.Status}"));
            });
            if (parsed.GetValue(json))
            {
                JsonOutput.Write(stdout, report!);
            }
            else
            {
                WriteTables(report!, stdout);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static void WriteTables(SchedulingBenchmarkReport report, TextWriter writer)
    {
        var console = ConsoleTables.For(writer);
        var paper = new Table { Border = TableBorder.Markdown };
        foreach (var column in new[] { "instance", "LB", "RR", "DP", "LPT", "ILP", "ILP/LB", "speedup", "paper", "ceiling RR/LB", "solve ms (median)", "speedup on trace" })
        {
            paper.AddColumn(column);
        }

        foreach (var r in report.Paper)
        {
            paper.AddRow(r.Instance, $"{r.LowerBoundSeconds:0.0}", $"{r.RoundRobinSeconds:0.0}", $"{r.DataParallelSeconds:0.0}", $"{r.LptSeconds:0.0}",
                $"{r.MosaicSeconds:0.0} ({r.MosaicStatus})", $"{1 + r.MosaicGapToLowerBound:0.000}", $"{r.Speedup:0.00}x", $"{r.PaperSpeedup:0.00}x",
                $"{r.Ceiling:0.00}x", $"{r.SolveMillisecondsMedian:0.0}", $"{r.SimulatedSpeedup:0.00}x");
        }

        console.WriteTitled("paper instances (predicted makespan, s)", paper);
        var scaling = new Table { Border = TableBorder.Markdown };
        foreach (var column in new[] { "M", "N", "K", "status", "ILP s", "LPT s", "LB s", "classic LB s", "gap to LB", "ILP/LPT", "solve ms" })
        {
            scaling.AddColumn(column);
        }

        foreach (var r in report.Scaling)
        {
            scaling.AddRow($"{r.Experts}", $"{r.Workers}", $"{r.MaxModelsPerWorker}", r.Status, $"{r.MosaicSeconds:0.0}", $"{r.LptSeconds:0.0}",
                $"{r.LowerBoundSeconds:0.0}", $"{r.ClassicLowerBoundSeconds:0.0}", $"{r.GapToLowerBound:+0.0%;-0.0%}", $"{r.IlpOverLpt:0.000}", $"{r.SolveMilliseconds:0}");
        }

        console.WriteTitled($"ILP scaling ({report.ScalingTimeLimitMilliseconds:0} ms limit)", scaling);
    }
}

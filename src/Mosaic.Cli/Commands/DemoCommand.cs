using System.CommandLine;
using Mosaic.Cli.Demo;
using Mosaic.Zoo;

namespace Mosaic.Cli.Commands;

/// <summary>
/// <c>mosaic demo</c>: the paper's baseline against MOSAIC on the shipped zoo through the real grains, with
/// timelines; live progress on stderr, the table (or with <c>--json</c> one object) on stdout.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var defaults = new DemoOptions { OutputDirectory = "", ZooDirectory = "" };
        var questions = new Option<int>("--questions") { Description = "routed zoo test questions (every n-th of the 600)", DefaultValueFactory = _ => defaults.Questions };
        var workers = new Option<int>("--workers") { Description = "worker silos in the embedded cluster, each with an equal share of the cores", DefaultValueFactory = _ => defaults.Workers };
        var output = new Option<string>("--out") { Description = "output folder: report.json, results.jsonl, timeline-<run>.png", DefaultValueFactory = _ => "mosaic-demo" };
        var data = new Option<string?>("--data") { Description = "the cluster's SQLite data folder (default: <out>/data); each demo replaces the store it made there and touches nothing else" };
        var zoo = new Option<string?>("--zoo") { Description = "zoo folder (default: models/zoo of the repository)" };
        var warmUp = new Option<int>("--warm-up") { Description = "at least this many questions in the unreported warm-up job, which runs every expert on every worker (0: none)", DefaultValueFactory = _ => defaults.WarmUpQuestions };
        var rounds = new Option<int>("--rounds") { Description = "times the four runs are repeated, interleaved; each reports its median round", DefaultValueFactory = _ => defaults.Rounds };
        var json = new Option<bool>("--json") { Description = "print one JSON object (the report) on stdout and nothing else" };
        var command = new Command("demo", "Run the paper's baseline and MOSAIC on the shipped expert zoo through a real embedded cluster, with timelines.")
        {
            questions, workers, output, data, zoo, warmUp, rounds, json,
        };
        command.SetAction(parsed => CommandErrors.Run(stderr, () =>
        {
            var options = new DemoOptions
            {
                Questions = parsed.GetValue(questions),
                Workers = parsed.GetValue(workers),
                OutputDirectory = parsed.GetValue(output)!,
                DataDirectory = parsed.GetValue(data),
                ZooDirectory = parsed.GetValue(zoo) ?? ZooPaths.DefaultDirectory(),
                WarmUpQuestions = parsed.GetValue(warmUp),
                Rounds = parsed.GetValue(rounds),
            };
            DemoReport? report = null;
            ProgressBoard.RunAsync(stderr, async board =>
            {
                report = await DemoRunner.RunAsync(options, new BoardProgress(board));
            }).GetAwaiter().GetResult();

            if (parsed.GetValue(json))
            {
                JsonOutput.Write(stdout, report!);
            }
            else
            {
                DemoTable.Write(report!, stdout);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>One progress line per step, made when the step first reports.</summary>
    private sealed class BoardProgress(ProgressBoard board) : IDemoProgress
    {
        private readonly Dictionary<string, IProgressLine> _lines = new(StringComparer.Ordinal);

        public void Report(string step, int done, int total, string detail)
        {
            var description = $"{step,-16} {detail}";
            lock (_lines)
            {
                if (!_lines.TryGetValue(step, out var line))
                {
                    _lines[step] = line = board.Add(description, total);
                }

                line.Update(done, total, description);
            }
        }
    }
}

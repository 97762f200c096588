using System.CommandLine;
using Mosaic.Cli.Batch;
using Mosaic.Hosting;
using Mosaic.Zoo;
using Mosaic.Zoo.Evaluation;
using Mosaic.Zoo.Tasks;
using Mosaic.Zoo.Workload;
using Spectre.Console;

namespace Mosaic.Cli.Commands;

/// <summary><c>mosaic zoo train|eval|workload</c>: build, re-measure and exercise the demo expert zoo.</summary>
internal static class ZooCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("zoo", "The demo expert zoo: small trained skill experts and an aggregator.");
        command.Subcommands.Add(Train(stdout, stderr));
        command.Subcommands.Add(Eval(stdout, stderr));
        command.Subcommands.Add(Workload(stdout, stderr));
        command.Subcommands.Add(Sample(stdout, stderr));
        command.Subcommands.Add(Profile(stdout, stderr));
        return command;
    }

    private static Command Profile(TextWriter stdout, TextWriter stderr)
    {
        var defaults = new ZooProfileOptions();
        var directory = new Option<string?>("--dir") { Description = "zoo folder (default: models/zoo of the repository)" };
        var sessions = new Option<string>("--sessions") { Description = "session sizes to time (prompts submitted at once)", DefaultValueFactory = _ => string.Join(',', defaults.SessionSizes) };
        var repeats = new Option<int>("--repeats") { Description = "timed runs per session size (the median is kept)", DefaultValueFactory = _ => defaults.Repeats };
        var parallel = new Option<int>("--parallel") { Description = "models measured at once (as many as the workers that run together)", DefaultValueFactory = _ => defaults.Parallel };
        var threads = new Option<int?>("--threads") { Description = "intra-op threads per model (default: the cores / --parallel, a demo worker's share)" };
        var batch = new Option<int>("--max-batch") { Description = "rows decoded together (the worker's continuous-batching width)", DefaultValueFactory = _ => defaults.MaxBatchSize };
        var only = new Option<string[]>("--only") { Description = "profile only these models (names, separated by spaces or commas)", AllowMultipleArgumentsPerToken = true };
        var json = new Option<bool>("--json") { Description = "print one JSON object" };
        var command = new Command("profile", "Measure every zoo model's CPU profile on its routed calibration prompts and write profile.json beside its weights.")
        {
            directory, sessions, repeats, parallel, threads, batch, only, json,
        };
        command.SetAction(parsed => CommandErrors.Run(stderr, () =>
        {
            var options = new ZooProfileOptions
            {
                SessionSizes = ProfileCommand.IntList(parsed.GetValue(sessions)!, "--sessions"),
                Repeats = Positive(parsed.GetValue(repeats), "--repeats"),
                Parallel = Positive(parsed.GetValue(parallel), "--parallel"),
                Threads = parsed.GetValue(threads) is { } perModel ? Positive(perModel, "--threads") : null,
                MaxBatchSize = Positive(parsed.GetValue(batch), "--max-batch"),
                Only = ModelNames(parsed.GetValue(only)) is { Length: > 0 } names ? names : null,
            };
            var folder = parsed.GetValue(directory) ?? ZooPaths.DefaultDirectory();
            // Bad input is one error line, before any progress line.
            options.Validate();
            _ = ZooManifest.Load(folder);
            OutputFiles.CheckWritableFolder("--dir", folder); // each model's profile.json is written there after all are measured
            var models = (options.Only ?? []).Select(n => ZooCatalog.Find(n).Name).Distinct().Count() is > 0 and var chosen ? chosen : ZooCatalog.All.Count();
            ZooProfileReport? report = null;
            ProgressBoard.Run(stderr, board =>
            {
                var task = board.Add($"profiling {Counted.Of(models, "model")}", models);
                report = ZooProfiling.Run(folder, options, task.Describe, profile => task.Advance($"{profile.Expert} measured"));
                task.Complete($"profiled {models} models");
            });

            if (parsed.GetValue(json))
            {
                JsonOutput.Write(stdout, report!);
                return ExitCodes.Success;
            }

            var table = new Table { Border = TableBorder.Markdown };
            foreach (var column in new[] { "model", "kind", "prompts", "load s", "mean out", "max out", "T(64) s", "ms/prompt at 128", "fit: b0 + b1 N + b2 N O + b3 Omax" })
            {
                table.AddColumn(column);
            }

            foreach (var p in report!.Profiles)
            {
                var t = p.SessionTime;
                table.AddRow(p.Expert, p.Kind.ToString().ToLowerInvariant(), $"{report.CalibrationPrompts[p.Expert]}", $"{p.LoadSeconds:0.000}", $"{p.MeanOutputTokens:0.0}",
                    $"{p.MaxOutputTokens:0}", $"{p.PredictedSessionSeconds(64):0.00}", $"{p.PerPromptSeconds(128) * 1000:0.0}",
                    $"{t.Intercept:0.###} + {t.PerPrompt:0.####} N + {t.PerToken:0.######} N O + {t.PerTailToken:0.####} Omax");
            }

            ConsoleTables.For(stdout).Write(table);
            stdout.WriteLine($"load average {report.LoadAverageBefore:0.0} before, {report.LoadAverageAfter:0.0} after; {report.WallSeconds:0} s; profiles written to {folder}/<model>/{ZooPool.ProfileFileName}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static int Positive(int value, string option) =>
        value > 0 ? value : throw new UsageException($"{option} must be positive, got {value}");

    private static Command Eval(TextWriter stdout, TextWriter stderr)
    {
        var directory = new Option<string?>("--dir") { Description = "zoo folder (default: models/zoo of the repository)" };
        var json = new Option<bool>("--json") { Description = "print one JSON object" };
        var every = new Option<int>("--every") { Description = "evaluate every n-th test question of each skill (1 = all)", DefaultValueFactory = _ => 1 }.AtLeast(1);
        var command = new Command("eval", "Re-measure every zoo model on the test split.") { directory, json, every };
        command.SetAction(parsed => CommandErrors.Run(stderr, () =>
        {
            var report = ProgressConsole.Status(stderr, "evaluating every zoo model on the test split",
                _ => ZooEvaluation.Run(parsed.GetValue(directory) ?? ZooPaths.DefaultDirectory(), parsed.GetValue(every)));
            if (parsed.GetValue(json))
            {
                JsonOutput.Write(stdout, report);
                return ExitCodes.Success;
            }

            stdout.WriteLine($"{"model",-12} {"kind",-11} {"params",8} {"tokens",7}  {string.Join(" ", Skills.All.Select(s => $"{s,6}"))}");
            foreach (var e in report.Experts.Append(report.Aggregator))
            {
                var cells = Skills.All.Select(s => e.Accuracy.TryGetValue(s, out var a) ? $"{a * 100,5:F1}%" : "     -");
                stdout.WriteLine($"{e.Name,-12} {e.Kind,-11} {e.Params,8} {e.MeanOutputTokens,7:F1}  {string.Join(" ", cells)}");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Workload(TextWriter stdout, TextWriter stderr)
    {
        var directory = new Option<string?>("--dir") { Description = "zoo folder (default: models/zoo of the repository)" };
        var json = new Option<bool>("--json") { Description = "print one JSON object" };
        var routed = new Option<string?>("--routed-out") { Description = "also write the routed workload (JSON lines) to this file" };
        var temperature = new Option<double>("--temperature") { Description = "router softmax temperature", DefaultValueFactory = _ => ZooWorkload.DefaultRouter.Temperature }.Positive();
        var seed = new Option<int>("--seed") { Description = "router seed", DefaultValueFactory = _ => ZooWorkload.DefaultRouter.Seed };
        var distinct = new Option<bool>("--without-replacement") { Description = "never route one expert to two slots of a question" };
        var command = new Command("workload", "Route the test split to k = 3 experts and compare single experts, majority vote and the aggregator.")
        {
            directory, json, routed, temperature, seed, distinct,
        };
        command.SetAction(parsed => CommandErrors.Run(stderr, () =>
        {
            var options = ZooWorkload.DefaultRouter with
            {
                Temperature = parsed.GetValue(temperature),
                Seed = parsed.GetValue(seed),
                WithReplacement = !parsed.GetValue(distinct),
            };
            var routedOut = parsed.GetValue(routed) is { } path ? OutputFiles.CheckWritable("--routed-out", path, example: "routed.jsonl") : null;
            var report = ProgressConsole.Status(stderr, "routing the test split and answering it with every expert and the aggregator",
                status => ZooWorkload.Run(parsed.GetValue(directory) ?? ZooPaths.DefaultDirectory(), options, routedOut, status));
            if (parsed.GetValue(json))
            {
                JsonOutput.Write(stdout, report);
                return ExitCodes.Success;
            }

            stdout.WriteLine($"questions: {report.Questions} ({report.Router})");
            stdout.WriteLine($"agreement: 3:0 {report.Agreement["3:0"]:P1}, 2:1 {report.Agreement["2:1"]:P1}, 1:1:1 {report.Agreement["1:1:1"]:P1}");
            stdout.WriteLine($"best single expert: {report.BestSingleExpert} {report.BestSingleAccuracy:P1}");
            stdout.WriteLine($"majority vote: {report.MajorityAccuracy:P1}; aggregator on every question: {report.AggregatorAccuracy:P1}; gated (tau = 1): {report.GatedAccuracy:P1}");
            stdout.WriteLine($"without 3:0 ({report.NonUnanimous.Questions} questions): majority {report.NonUnanimous.MajorityAccuracy:P1}, aggregator {report.NonUnanimous.AggregatorAccuracy:P1}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Sample(TextWriter stdout, TextWriter stderr)
    {
        var directory = new Option<string?>("--dir") { Description = "zoo folder (default: models/zoo of the repository)" };
        var model = new Option<string>("--model") { Description = "model name", Required = true };
        var count = new Option<int>("--per-skill") { Description = "questions per skill", DefaultValueFactory = _ => 3 }.AtLeast(1);
        var json = new Option<bool>("--json") { Description = "print one JSON object" };
        var command = new Command("sample", "Show one model's responses to a few test questions.") { directory, model, count, json };
        command.SetAction(parsed => CommandErrors.Run(stderr, () =>
        {
            var lines = ZooSampler.Sample(parsed.GetValue(directory) ?? ZooPaths.DefaultDirectory(), parsed.GetValue(model)!, parsed.GetValue(count)).ToArray();
            if (parsed.GetValue(json))
            {
                JsonOutput.Write(stdout, new { model = parsed.GetValue(model), samples = lines });
                return ExitCodes.Success;
            }

            foreach (var line in lines)
            {
                stdout.WriteLine(line);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Train(TextWriter stdout, TextWriter stderr)
    {
        var output = new Option<string?>("--out") { Description = "zoo folder to write (default: models/zoo of the repository)" };
        var only = new Option<string[]>("--only") { Description = "train only these models (names, separated by spaces or commas), keeping the others' manifest entries", AllowMultipleArgumentsPerToken = true };
        var workers = new Option<int>("--workers") { Description = "models trained in parallel, one thread each", DefaultValueFactory = _ => 2 };
        var json = new Option<bool>("--json") { Description = "print the written manifest as one JSON object" };
        var command = new Command("train", "Rebuild the zoo deterministically (weights, tokenizer, manifest, pool.json).") { output, only, workers, json };
        command.SetAction(parsed => CommandErrors.Run(stderr, () =>
        {
            var directory = OutputFiles.CheckWritableFolder("--out", parsed.GetValue(output) ?? ZooPaths.DefaultDirectory());
            if (parsed.GetValue(workers) < 1)
            {
                throw new UsageException($"--workers must be at least 1, got {parsed.GetValue(workers)}");
            }

            var manifest = ZooBuilder.Build(directory, ModelNames(parsed.GetValue(only)) is { Length: > 0 } names ? names : null, parsed.GetValue(workers), line =>
            {
                lock (stderr)
                {
                    stderr.WriteLine(line);
                }
            });
            var pool = ZooPoolFile.Write(directory);
            if (parsed.GetValue(json))
            {
                JsonOutput.Write(stdout, manifest);
                return ExitCodes.Success;
            }

            stdout.WriteLine($"zoo written to {directory} in {manifest.TrainingWallSeconds:F0} s; its pool file: {pool}");
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary><c>--only a b</c> and <c>--only a,b</c> alike, as <c>--sessions</c> takes a comma-separated list.</summary>
    private static string[] ModelNames(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToArray();
}

using System.CommandLine;
using Mosaic.Cli.Batch;
using Mosaic.Cli.Benchmarks;
using Mosaic.Hosting.Pools;
using Mosaic.Zoo;

namespace Mosaic.Cli.Commands;

/// <summary><c>mosaic bench interactive</c>: how long a question asked while a batch runs waits, first-come against priority.</summary>
internal static class BenchInteractiveCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = new Option<string?>("--config") { Description = "pool configuration (default: the shipped zoo's models/zoo/pool.json)" };
        var workers = new Option<int?>("--workers") { Description = "worker silos of the embedded cluster (default: the pool's)" };
        var questions = new Option<int>("--questions") { Description = "questions in each phase's batch", DefaultValueFactory = _ => 10_000 };
        var asked = new Option<int>("--asked") { Description = "questions asked one after another while each batch runs", DefaultValueFactory = _ => 5 };
        var firstAfter = new Option<double>("--first-after") { Description = "seconds from the batch's submit to the first question", DefaultValueFactory = _ => 10 };
        var interval = new Option<double>("--interval") { Description = "seconds from one answer to the next question", DefaultValueFactory = _ => 3 };
        var seed = new Option<int>("--seed") { Description = "seed of the questions", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "print one JSON object" };
        var command = new Command(
            "interactive",
            "Ask questions while a large batch runs on an embedded cluster, as the gateway submits them: first at batch priority (first-come), then as interactive jobs.")
        {
            config, workers, questions, asked, firstAfter, interval, seed, json,
        };
        command.SetAction(parsed => CommandErrors.Run(stderr, () =>
        {
            var pool = PoolConfigFile.Load(parsed.GetValue(config) ?? Path.Combine(ZooPaths.DefaultDirectory(), PoolConfigFile.ZooFileName));
            if (parsed.GetValue(workers) is { } n)
            {
                pool = n >= 1 ? pool with { Workers = n } : throw new UsageException($"--workers must be positive, got {n}");
            }

            var options = new InteractiveOptions(
                Positive("--questions", parsed.GetValue(questions)), Positive("--asked", parsed.GetValue(asked)),
                Seconds("--first-after", parsed.GetValue(firstAfter)), Seconds("--interval", parsed.GetValue(interval)), parsed.GetValue(seed));
            var dataFolder = RunStoreFolders.New(Path.GetTempPath());
            using var stop = new StopSignals();
            try
            {
                var report = InteractiveBenchmark.RunAsync(
                    pool, options, token => ClusterConnection.EmbeddedAsync(pool, dataFolder, temporary: true, token), new LineProgress(stderr, "interactive"), stop.Token)
                    .GetAwaiter().GetResult();
                if (parsed.GetValue(json))
                {
                    JsonOutput.Write(stdout, report);
                }
                else
                {
                    foreach (var phase in report.Phases)
                    {
                        stdout.WriteLine($"{phase.Name}: {Counted.Of(phase.LatencySeconds.Count, "question")} asked as {phase.AskedAs} jobs while a batch of {report.BatchQuestions} ran: "
                            + $"{string.Join(", ", phase.LatencySeconds.Select(s => $"{s:0.00}"))} s (median {phase.MedianSeconds:0.00} s); the batch took {phase.BatchWallSeconds:0.0} s");
                    }
                }

                return report.Phases.All(p => p.BatchCompleted) ? ExitCodes.Success : ExitCodes.Failure;
            }
            catch (OperationCanceledException) when (stop.Stopped)
            {
                stderr.WriteLine("error: cancelled");
                return ExitCodes.Failure;
            }
            finally
            {
                RunStoreFolders.TryDelete(dataFolder);
            }
        }));
        return command;
    }

    private static int Positive(string name, int value) => value >= 1 ? value : throw new UsageException($"{name} must be positive, got {value}");

    private static double Seconds(string name, double value) =>
        double.IsFinite(value) && value >= 0 ? value : throw new UsageException($"{name} must be 0 or more seconds, got {value}");
}

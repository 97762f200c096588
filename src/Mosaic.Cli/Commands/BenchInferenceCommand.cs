using System.CommandLine;
using Mosaic.Inference;
using Mosaic.Inference.Profiling;

namespace Mosaic.Cli.Commands;

/// <summary><c>mosaic bench inference</c>: decode throughput of a ~1M and a ~25M parameter random-weight model.</summary>
internal static class BenchInferenceCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var json = new Option<bool>("--json") { Description = "print one JSON object" };
        var tokens = new Option<int>("--tokens") { Description = "tokens generated per request", DefaultValueFactory = _ => 32 };
        var batches = new Option<string>("--batches") { Description = "batch sizes", DefaultValueFactory = _ => "1,4,16,64" };
        var threads = new Option<string>("--threads") { Description = "intra-op thread counts", DefaultValueFactory = _ => "1,2" };
        var repeats = new Option<int>("--repeats") { Description = "timed runs per point (the best is reported)", DefaultValueFactory = _ => 3 };
        var defaults = new ArrivalSettings();
        var arrivalRequests = new Option<int>("--arrival-requests") { Description = "requests of the staggered-arrival figure", DefaultValueFactory = _ => defaults.Requests };
        var arrivalTokens = new Option<int>("--arrival-tokens") { Description = "tokens generated per request in the staggered-arrival figure", DefaultValueFactory = _ => defaults.NewTokens };
        var arrivalInterval = new Option<double>("--arrival-ms") { Description = "milliseconds between staggered submissions", DefaultValueFactory = _ => defaults.IntervalMs };
        var command = new Command("inference", "Tokens/s of random-weight ~1M and ~25M parameter models at batch 1-64 with 1 and 2 threads, and staggered versus all-at-once arrivals at batch 64.")
        {
            json, tokens, batches, threads, repeats, arrivalRequests, arrivalTokens, arrivalInterval,
        };

        command.SetAction(parsed => CommandErrors.Run(stderr, () =>
        {
            if (parsed.GetValue(tokens) < 1 || parsed.GetValue(repeats) < 1 || parsed.GetValue(arrivalRequests) < 1 || parsed.GetValue(arrivalTokens) < 1)
            {
                throw new UsageException("--tokens, --repeats, --arrival-requests and --arrival-tokens must be positive");
            }

            if (!(parsed.GetValue(arrivalInterval) >= 0))
            {
                throw new UsageException("--arrival-ms must be zero or positive");
            }

            var asJson = parsed.GetValue(json);
            var report = InferenceBenchmark.Run(
                ProfileCommand.IntList(parsed.GetValue(batches)!, "--batches"),
                ProfileCommand.IntList(parsed.GetValue(threads)!, "--threads"),
                parsed.GetValue(tokens),
                parsed.GetValue(repeats),
                stderr,
                defaults with { Requests = parsed.GetValue(arrivalRequests), NewTokens = parsed.GetValue(arrivalTokens), IntervalMs = parsed.GetValue(arrivalInterval) });
            if (asJson)
            {
                JsonOutput.Write(stdout, report);
                return ExitCodes.Success;
            }

            stdout.WriteLine($"libtorch {TorchRuntime.LibTorchVersion}, random weights, float32, CPU; {InferenceBenchmark.PromptTokens}-token prompts, {parsed.GetValue(tokens)} new tokens each, best of {parsed.GetValue(repeats)}");
            // Blank lines around the table: a line next to it would be read as a row of it in Markdown.
            stdout.WriteLine();
            stdout.WriteLine("| model | params | threads | batch | tokens/s |");
            stdout.WriteLine("|---|---:|---:|---:|---:|");
            foreach (var run in report.Runs)
            {
                stdout.WriteLine($"| {run.Model} | {run.Parameters:N0} | {run.Threads} | {run.Batch} | {run.TokensPerSecond:0.0} |");
            }

            stdout.WriteLine();
            stdout.WriteLine($"peak RSS: {report.PeakRssMb:0} MB");
            foreach (var (model, ratio) in report.Batch64OverBatch1)
            {
                stdout.WriteLine($"{model}: batch 64 / batch 1 = {ratio:0.0}x (1 thread)");
            }

            var c = report.ContinuousBatching;
            stdout.WriteLine($"{c.Model}, batch {c.Batch}, {c.Requests} requests x {c.NewTokens} tokens: all at once {c.AllAtOnceTokensPerSecond:0.0} tok/s ({c.AllAtOnceForwardPasses} forward passes), one every {c.IntervalMs} ms {c.StaggeredTokensPerSecond:0.0} tok/s ({c.StaggeredForwardPasses} passes), ratio {c.StaggeredOverAllAtOnce:0.00}");

            return ExitCodes.Success;
        }));
        return command;
    }
}

using System.CommandLine;
using Mosaic.Benchmarks;

namespace Mosaic.Cli.Commands;

/// <summary><c>mosaic bench control-plane</c>: questions per second through a real 4-silo cluster with zero-cost experts.</summary>
internal static class BenchControlPlaneCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var questions = new Option<string>("--questions")
        {
            Description = "questions per measured job; a comma-separated list runs one job of each size (e.g. 5000,100000)",
            DefaultValueFactory = _ => "10000",
        };
        var repeats = new Option<int>("--repeats")
        {
            Description = "jobs per size; the fastest is reported (the machine may be shared)",
            DefaultValueFactory = _ => 1,
        };
        var seed = new Option<int>("--seed") { Description = "workload seed", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "print one JSON object" };
        var command = new Command("control-plane", "Measure the control plane (route, plan, dispatch, gate, result rows) on an in-process 4-silo cluster.")
        {
            questions, repeats, seed, json,
        };
        command.SetAction(parsed => CommandErrors.Run(stderr, () =>
        {
            var sizes = Sizes(parsed.GetValue(questions)!);
            var repeatCount = parsed.GetValue(repeats);
            if (repeatCount < 1)
            {
                throw new UsageException($"--repeats takes a positive whole number, got {repeatCount}");
            }

            var report = ControlPlaneBenchmark.RunAsync(sizes, parsed.GetValue(seed), repeatCount, new Progress<string>(m => stderr.WriteLine($"control-plane: {m}")))
                .GetAwaiter().GetResult();
            if (parsed.GetValue(json))
            {
                JsonOutput.Write(stdout, report);
            }
            else
            {
                foreach (var run in report.Runs)
                {
                    var jobs = run.Jobs == 1 ? $"{run.Questions} questions" : $"{run.Jobs} jobs of {run.Questions} questions";
                    stdout.WriteLine($"{jobs} through {report.Silos} silos (zero-cost {report.Backend} experts): "
                        + $"{run.QuestionsPerSecond:0} questions/s, {run.MicrosecondsPerQuestion:0} us/question ({run.DirectMicrosecondsPerQuestion:0} us "
                        + $"calling the libraries directly), job state {run.JobStateBytes} bytes, all answered once: {run.AllAnsweredOnce}");
                }
            }

            return report.Runs.All(r => r.AllAnsweredOnce) ? ExitCodes.Success : ExitCodes.Failure;
        }));
        return command;
    }

    private static int[] Sizes(string text)
    {
        var sizes = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(s => int.TryParse(s, out var n) && n > 0 ? n : throw new UsageException($"--questions takes positive whole numbers, got '{s}'"))
            .ToArray();
        return sizes.Length > 0 ? sizes : throw new UsageException("--questions needs at least one size");
    }
}

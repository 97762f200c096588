using System.CommandLine;
using Mosaic.Cli.Benchmarks;

namespace Mosaic.Cli.Commands;

/// <summary><c>mosaic bench control-plane</c>: questions per second through a real 4-silo cluster with zero-cost experts.</summary>
internal static class BenchControlPlaneCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var questions = new Option<int>("--questions") { Description = "questions in the measured job", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<int>("--seed") { Description = "workload seed", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "print one JSON object" };
        var command = new Command("control-plane", "Measure the control plane (route, plan, dispatch, gate, result) on an in-process 4-silo cluster.")
        {
            questions, seed, json,
        };
        command.SetAction(parsed => CommandErrors.Run(stderr, () =>
        {
            var count = parsed.GetValue(questions);
            if (count < 1)
            {
                throw new UsageException($"--questions must be positive, got {count}");
            }

            var report = ControlPlaneBenchmark.RunAsync(count, parsed.GetValue(seed)).GetAwaiter().GetResult();
            if (parsed.GetValue(json))
            {
                JsonOutput.Write(stdout, report);
            }
            else
            {
                stdout.WriteLine($"{report.Questions} questions through {report.Silos} silos (zero-cost {report.Backend} experts): "
                    + $"{report.QuestionsPerSecond:0} questions/s, {report.OverheadMicrosecondsPerQuestion:0} us/question over calling the "
                    + $"libraries directly ({report.DirectMicrosecondsPerQuestion:0} us/question), all answered: {report.AllAnswered}");
            }

            return report.AllAnswered ? ExitCodes.Success : ExitCodes.Failure;
        }));
        return command;
    }
}

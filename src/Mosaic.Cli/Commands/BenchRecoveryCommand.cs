using System.CommandLine;
using Mosaic.Benchmarks;
using Mosaic.Storage;

namespace Mosaic.Cli.Commands;

/// <summary><c>mosaic bench recovery</c>: SIGKILLs silo processes under a running job and checks that it heals without a client.</summary>
internal static class BenchRecoveryCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var questions = new Option<int>("--questions") { Description = "questions in the job", DefaultValueFactory = _ => 2000 };
        var kills = new Option<int>("--kills") { Description = "silo processes to SIGKILL (each restarted)", DefaultValueFactory = _ => 3 };
        var silos = new Option<int>("--silos") { Description = "silo processes (one worker each)", DefaultValueFactory = _ => 3 };
        var connection = new Option<string?>("--connection") { Description = "PostgreSQL connection string; without it, SQLite in a temporary folder" };
        var timeScale = new Option<double>("--time-scale") { Description = "wall seconds per emulated second (the job must outlast the kills)", DefaultValueFactory = _ => 0.1 };
        var seed = new Option<int>("--seed") { Description = "seed of the workload and of the kill moments and victims", DefaultValueFactory = _ => 0 };
        var share = new Option<bool>("--share-repeated-calls")
        {
            Description = "slots of a question routed to the same expert share one call, as the service's pools do (default true; false runs every slot's call)",
            DefaultValueFactory = _ => true,
        };
        var gap = new Option<double>("--min-gap") { Description = "seconds between a restart and the next kill", DefaultValueFactory = _ => 15 };
        var keep = new Option<string?>("--work-folder") { Description = "keep the silos' logs (and the SQLite file) in this folder" };
        var json = new Option<bool>("--json") { Description = "print one JSON object" };
        var command = new Command("recovery", "SIGKILL silo processes of a real multi-process cluster under a running job; report what was answered, lost or recomputed.")
        {
            questions, kills, silos, connection, timeScale, seed, share, gap, keep, json,
        };
        command.SetAction(parsed => CommandErrors.Run(stderr, () =>
        {
            RecoveryOptions options;
            try
            {
                options = new RecoveryOptions
                {
                    Questions = parsed.GetValue(questions),
                    Kills = parsed.GetValue(kills),
                    Silos = parsed.GetValue(silos),
                    Connection = parsed.GetValue(connection) is { Length: > 0 } text ? text : null,
                    TimeScale = parsed.GetValue(timeScale),
                    Seed = parsed.GetValue(seed),
                    ShareRepeatedCalls = parsed.GetValue(share),
                    MinimumGap = parsed.GetValue(gap) is var seconds && double.IsFinite(seconds) && seconds >= 0
                        ? TimeSpan.FromSeconds(seconds)
                        : throw new UsageException($"--min-gap must be >= 0 seconds, got {seconds}"),
                    WorkFolder = parsed.GetValue(keep) is { Length: > 0 } folder ? Path.GetFullPath(folder) : null,
                }.Validate();
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }

            RecoveryReport report;
            try
            {
                report = RecoveryBenchmark.RunAsync(options, new LineProgress(stderr, "recovery")).GetAwaiter().GetResult();
            }
            catch (MosaicStorageException e)
            {
                stderr.WriteLine($"error: {e.Message}");
                return ExitCodes.Failure;
            }

            if (parsed.GetValue(json))
            {
                JsonOutput.Write(stdout, report);
            }
            else
            {
                stdout.WriteLine($"{report.Questions} questions on {report.Silos} silo processes ({report.Storage}), {Counted.Of(report.Kills, "SIGKILL")} "
                    + $"({report.JobsSiloKills} of the job's silo, {report.OldestSiloKills} of the oldest): {report.Status}; answered {report.Answered}, "
                    + $"more than once {report.AnsweredMoreThanOnce}, lost {report.Lost}, expert calls recomputed {report.ExpertCallsRecomputed}, "
                    + $"{(report.ShareRepeatedCalls ? $"shared slots {report.SharedSlots} ({report.SharedSlotsUnlikeTheirCall} unlike their call)" : "sharing off")}, "
                    + $"completed without the client: {(report.CompletedWithoutClient ? "yes" : "no")}, re-plans {report.Replans}, {report.WallSeconds:0} s");
            }

            return report.Passed ? ExitCodes.Success : ExitCodes.Failure;
        }));
        return command;
    }
}

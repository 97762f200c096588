using System.CommandLine;

namespace Mosaic.Cli.Commands;

/// <summary><c>mosaic bench</c>: the benchmark commands, each printing figures (and one JSON object with --json).</summary>
internal static class BenchCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("bench", "Run a benchmark and print its figures.");
        command.Subcommands.Add(BenchSchedulingCommand.Create(stdout, stderr));
        command.Subcommands.Add(BenchControlPlaneCommand.Create(stdout, stderr));
        command.Subcommands.Add(BenchEndToEndCommand.Create(stdout, stderr));
        command.Subcommands.Add(BenchInferenceCommand.Create(stdout, stderr));
        command.Subcommands.Add(BenchInteractiveCommand.Create(stdout, stderr));
        command.Subcommands.Add(BenchRecoveryCommand.Create(stdout, stderr));
        return command;
    }
}

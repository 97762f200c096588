using System.CommandLine;
using Mosaic.Cli.Commands;

namespace Mosaic.Cli;

/// <summary>Builds the <c>mosaic</c> command tree and maps parse errors to exit code 2.</summary>
public static class MosaicApp
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, Console.In, stdout, stderr);

    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("Mosaic: MoA scheduling, inference and serving.");
        root.Subcommands.Add(PlanCommand.Create(stdout, stderr));
        root.Subcommands.Add(ExtractCommand.Create(stdin, stdout, stderr));
        root.Subcommands.Add(BenchCommand.Create(stdout, stderr));
        root.Subcommands.Add(ProfileCommand.Create(stdout, stderr));
        root.Subcommands.Add(ZooCommand.Create(stdout, stderr));
        root.Subcommands.Add(ServeCommand.Create(stdout, stderr));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            stderr.WriteLine($"error: {parsed.Errors[0].Message}");
            return ExitCodes.UsageError;
        }

        // No termination handling here: a command that runs until stopped (serve) handles Ctrl+C and SIGTERM itself and
        // takes the time a graceful shutdown needs; the others simply end with the process.
        return parsed.Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}

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

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            stderr.WriteLine($"error: {parsed.Errors[0].Message}");
            return ExitCodes.UsageError;
        }

        return parsed.Invoke();
    }
}

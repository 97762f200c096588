using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using Mosaic.Cli.Commands;

namespace Mosaic.Cli;

/// <summary>
/// Builds the <c>mosaic</c> command tree. A bare <c>mosaic</c> (or a command group without its subcommand) prints
/// help; an unknown or misspelt command or option gets System.CommandLine's own error, its "did you mean" suggestions
/// and the help, on stderr; a bad option value is one line naming the option. Every parse error exits with 2.
/// </summary>
public static class MosaicApp
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, Console.In, stdout, stderr);

    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var root = Build(stdin, stdout, stderr);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count == 0)
        {
            // No termination handling here: a command that runs until stopped (serve) handles Ctrl+C and SIGTERM itself and
            // takes the time a graceful shutdown needs; the others simply end with the process.
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = null });
        }

        if (IsUnknownCommandOrOption(parsed))
        {
            // System.CommandLine's own error, suggestions and help; all of it on stderr, since stdout is for results.
            parsed.Invoke(new InvocationConfiguration { Output = stderr, Error = stderr });
            return ExitCodes.UsageError;
        }

        stderr.WriteLine($"error: {OneLine(parsed.Errors[0])}");
        return ExitCodes.UsageError;
    }

    /// <summary>The whole command tree, writing to the given streams.</summary>
    internal static RootCommand Build(TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("Mosaic: a Mixture-of-Agents serving system (MOSAIC scheduling, confidence-gated aggregation, real models on an Orleans cluster).");
        root.Subcommands.Add(DemoCommand.Create(stdout, stderr));
        root.Subcommands.Add(RunCommand.Create(stdout, stderr));
        root.Subcommands.Add(PlanCommand.Create(stdout, stderr));
        root.Subcommands.Add(ExtractCommand.Create(stdin, stdout, stderr));
        root.Subcommands.Add(BenchCommand.Create(stdout, stderr));
        root.Subcommands.Add(ProfileCommand.Create(stdout, stderr));
        root.Subcommands.Add(ZooCommand.Create(stdout, stderr));
        root.Subcommands.Add(ServeCommand.Create(stdout, stderr));
        ShowHelpWhenBare(root);
        return root;
    }

    /// <summary>A command with subcommands but no action of its own prints its help (a bare <c>mosaic</c>, <c>mosaic bench</c>).</summary>
    private static void ShowHelpWhenBare(Command command)
    {
        if (command.Subcommands.Count > 0 && command.Action is null)
        {
            command.SetAction(parse =>
            {
                new HelpAction().Invoke(parse);
                return ExitCodes.Success;
            });
        }

        foreach (var sub in command.Subcommands)
        {
            ShowHelpWhenBare(sub);
        }
    }

    private static bool IsUnknownCommandOrOption(ParseResult parsed) =>
        parsed.UnmatchedTokens.Count > 0 || parsed.Errors.Any(e => e.SymbolResult is CommandResult or null);

    /// <summary>The error on one line, naming the option it concerns (System.CommandLine lists allowed values on separate lines).</summary>
    private static string OneLine(ParseError error)
    {
        var message = string.Join(" ", error.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        message = TypeWords.Plain(message);
        var option = error.SymbolResult switch
        {
            OptionResult o => o.Option.Name,
            ArgumentResult { Parent: OptionResult o } => o.Option.Name,
            _ => null,
        };
        return option is null || message.Contains(option, StringComparison.Ordinal) ? message : $"{option}: {message}";
    }
}

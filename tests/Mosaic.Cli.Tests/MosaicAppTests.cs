using System.CommandLine;

namespace Mosaic.Cli.Tests;

public sealed class MosaicAppTests
{
    [Fact]
    public void Bare_PrintsHelpListingTheCommands()
    {
        var (exit, stdout, stderr) = CliRunner.Run();

        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Contains("Usage:", stdout);
        foreach (var command in new[] { "demo", "run", "plan", "bench", "profile", "zoo" })
        {
            Assert.Contains($"  {command} ", stdout);
        }
    }

    [Fact]
    public void MisspeltCommand_GetsTheSuggestionAndHelpOnStderr()
    {
        var (exit, stdout, stderr) = CliRunner.Run("plna", "--instance", "paper:gpqa");

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains("'plna'", stderr);
        Assert.Contains("Did you mean", stderr);
        Assert.Contains("plan", stderr);
        Assert.Contains("Usage:", stderr);
        Assert.DoesNotContain("Required command was not provided", stderr);
    }

    [Fact]
    public void MisspeltOption_GetsTheSuggestion()
    {
        var (exit, _, stderr) = CliRunner.Run("plan", "--instance", "paper:gpqa", "--schedular", "mosaic");

        Assert.Equal(2, exit);
        Assert.Contains("'--schedular'", stderr);
        Assert.Contains("--scheduler", stderr);
    }

    [Fact]
    public void CommandGroupWithoutSubcommand_PrintsItsHelp()
    {
        var (exit, stdout, _) = CliRunner.Run("bench");

        Assert.Equal(0, exit);
        foreach (var command in new[] { "scheduling", "control-plane", "end-to-end", "inference" })
        {
            Assert.Contains(command, stdout);
        }
    }

    [Fact]
    public void BoundedChoices_AreListedInHelp()
    {
        var (exit, stdout, _) = CliRunner.Run("plan", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("all|data-parallel|lpt|mosaic|round-robin", stdout);
        Assert.Contains("co-resident|fit-each|off", stdout);
    }

    [Fact]
    public void EveryCommandThatPrintsResults_HasJson()
    {
        var root = MosaicApp.Build(TextReader.Null, TextWriter.Null, TextWriter.Null);
        var leaves = Leaves(root).ToArray();

        // extract already writes one JSON object per input line.
        var without = leaves.Where(c => c.Name != "extract" && !c.Options.Any(o => o.Name == "--json")).Select(c => c.Name).ToArray();
        Assert.True(leaves.Length >= 12, $"only {leaves.Length} commands found");
        Assert.Empty(without);
    }

    private static IEnumerable<Command> Leaves(Command command) =>
        command.Subcommands.Count == 0 ? [command] : command.Subcommands.SelectMany(Leaves);
}

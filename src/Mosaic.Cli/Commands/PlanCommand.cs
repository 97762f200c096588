using System.CommandLine;

namespace Mosaic.Cli.Commands;

/// <summary><c>mosaic plan</c>: placeholder until the scheduling core lands.</summary>
internal static class PlanCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("plan", "Plan the expert stage of a MoA batch.");
        command.SetAction(_ => ExitCodes.Success);
        return command;
    }
}

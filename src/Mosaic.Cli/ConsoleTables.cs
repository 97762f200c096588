using Spectre.Console;

namespace Mosaic.Cli;

/// <summary>A Spectre console that writes plain text (no colours, wide lines) to any writer.</summary>
internal static class ConsoleTables
{
    public static IAnsiConsole For(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 160;
        return console;
    }
}

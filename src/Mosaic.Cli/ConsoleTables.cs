using Spectre.Console;

namespace Mosaic.Cli;

/// <summary>A Spectre console that writes plain text (no colours, lines never wrapped, no trailing padding) to any writer.</summary>
internal static class ConsoleTables
{
    public static IAnsiConsole For(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(new TrimmingWriter(writer)),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 4096; // a table line is never wrapped, so Markdown tables stay valid
        return console;
    }
}

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

    /// <summary>
    /// <paramref name="title"/> on a line of its own, then the table (whose border begins and ends with a blank line).
    /// Not a Spectre table title, which is centred and wrapped at the table's width (and, indented, would turn into a
    /// code block in Markdown).
    /// </summary>
    public static void WriteTitled(this IAnsiConsole console, string title, Table table)
    {
        console.WriteLine(title);
        console.Write(table);
    }
}

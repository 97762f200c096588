using Spectre.Console;

namespace Mosaic.Cli;

/// <summary>
/// Live progress on stderr with Spectre.Console: bars that redraw in place when stderr is a terminal, otherwise
/// Spectre's plain fallback (a line per task at 25, 50, 75 … 100%), so logs and CI stay readable. Stdout never
/// carries progress: it is kept for the result (and the one JSON object of <c>--json</c>).
/// </summary>
internal static class ProgressConsole
{
    public static IAnsiConsole For(TextWriter stderr)
    {
        var terminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(stderr),
        });
    }

    public static Progress Bars(TextWriter stderr) => For(stderr).Progress()
        .AutoClear(false)
        .HideCompleted(false)
        .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn());

    /// <summary>Runs <paramref name="body"/> under a spinner with <paramref name="description"/> (one line when stderr is not a terminal).</summary>
    public static T Status<T>(TextWriter stderr, string description, Func<Action<string>, T> body)
    {
        T result = default!;
        For(stderr).Status().Spinner(Spinner.Known.Dots).Start(Markup.Escape(description), context =>
        {
            result = body(line => context.Status(Markup.Escape(line)));
        });
        return result;
    }
}

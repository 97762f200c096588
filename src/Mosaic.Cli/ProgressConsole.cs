using Spectre.Console;

namespace Mosaic.Cli;

/// <summary>
/// Spectre.Console on stderr: ANSI, colours and live redrawing only when stderr is a terminal, so logs and CI stay
/// readable (bars: <see cref="ProgressBoard"/>). Stdout never carries progress: it is kept for the result (and the one
/// JSON object of <c>--json</c>).
/// </summary>
internal static class ProgressConsole
{
    public static bool IsTerminal(TextWriter stderr) => ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;

    public static IAnsiConsole For(TextWriter stderr)
    {
        var terminal = IsTerminal(stderr);
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

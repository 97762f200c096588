using Spectre.Console;

namespace Mosaic.Cli;

/// <summary>
/// Live progress on stderr: Spectre.Console bars redrawn in place when stderr is a terminal, plain lines otherwise
/// (<see cref="PlainProgressLine"/>). Spectre's own plain fallback is not used: it never writes a task's end, and
/// writes nothing at all for a task that starts and finishes between two of its once-a-second refreshes, so a log
/// showed each step at 0% and no more.
/// </summary>
internal sealed class ProgressBoard
{
    private readonly ProgressContext? _bars;
    private readonly TextWriter _writer;
    private readonly List<PlainProgressLine> _lines = [];
    private readonly object _writing = new();

    private ProgressBoard(ProgressContext? bars, TextWriter writer)
    {
        _bars = bars;
        _writer = writer;
    }

    public static void Run(TextWriter stderr, Action<ProgressBoard> body) =>
        RunAsync(stderr, board =>
        {
            body(board);
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();

    public static async Task RunAsync(TextWriter stderr, Func<ProgressBoard, Task> body)
    {
        if (ProgressConsole.IsTerminal(stderr))
        {
            await ProgressConsole.Bars(stderr).StartAsync(context => body(new ProgressBoard(context, stderr)));
            return;
        }

        var board = new ProgressBoard(null, stderr);
        await body(board);
        board.Close();
    }

    public IProgressLine Add(string description, double total)
    {
        if (_bars is not null)
        {
            return new BarProgressLine(_bars.AddTask(Markup.Escape(description), maxValue: Math.Max(1, total)));
        }

        var line = new PlainProgressLine(_writer, _writing, description, total);
        lock (_writing)
        {
            _lines.Add(line);
        }

        line.Describe(description);
        return line;
    }

    private void Close()
    {
        lock (_writing)
        {
            foreach (var line in _lines)
            {
                line.Flush();
            }
        }
    }
}

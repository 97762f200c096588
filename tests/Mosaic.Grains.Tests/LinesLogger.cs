using Microsoft.Extensions.Logging;

namespace Mosaic.Grains.Tests;

/// <summary>A logger that keeps each formatted line, to read what a log line says.</summary>
internal sealed class LinesLogger : ILogger
{
    public List<string> Lines { get; } = [];

    /// <summary>Each line with its level.</summary>
    public List<(LogLevel Level, string Line)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        Lines.Add(formatter(state, exception));
        Entries.Add((logLevel, formatter(state, exception)));
    }
}

namespace Mosaic.Cli;

/// <summary>Progress lines written at once, in order, on the reporting thread (<see cref="Progress{T}"/> posts them to the thread pool, out of order).</summary>
internal sealed class LineProgress(TextWriter writer, string prefix) : IProgress<string>
{
    private readonly object _lock = new();

    public void Report(string value)
    {
        lock (_lock)
        {
            writer.WriteLine($"{prefix}: {value}");
            writer.Flush();
        }
    }
}

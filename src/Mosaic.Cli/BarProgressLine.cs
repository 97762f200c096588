using Spectre.Console;

namespace Mosaic.Cli;

/// <summary>A task drawn as a Spectre.Console bar, redrawn in place on a terminal.</summary>
internal sealed class BarProgressLine(ProgressTask task) : IProgressLine
{
    public void Describe(string description) => task.Description = Markup.Escape(description);

    public void Update(double done, double total, string description)
    {
        task.MaxValue = Math.Max(1, total);
        task.Value = Math.Min(done, task.MaxValue);
        Describe(description);
    }

    public void Advance(string description)
    {
        task.Increment(1);
        Describe(description);
    }

    public void Complete(string description)
    {
        task.Value = task.MaxValue;
        Describe(description);
    }
}

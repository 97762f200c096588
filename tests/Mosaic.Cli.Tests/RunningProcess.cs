using System.Diagnostics;
using System.Text;

namespace Mosaic.Cli.Tests;

/// <summary>A child process and the stderr lines it has written so far.</summary>
internal sealed class RunningProcess(Process process) : IDisposable
{
    private readonly StringBuilder _stderr = new();

    public Process Process { get; } = process;

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public void Add(string line)
    {
        lock (_stderr)
        {
            _stderr.AppendLine(line);
        }
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
        }

        Process.Dispose();
    }
}

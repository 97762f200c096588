using System.Diagnostics;
using System.Globalization;
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

    /// <summary>Sends <paramref name="process"/> SIGTERM and returns its exit code once it has exited (within a minute).</summary>
    public static async Task<int> TerminateAsync(Process process)
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
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

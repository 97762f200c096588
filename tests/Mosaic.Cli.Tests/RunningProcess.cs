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

    /// <summary>
    /// <c>mosaic</c> with <paramref name="arguments"/> as a child process, returned once a stderr line contains
    /// <paramref name="ready"/> while it still runs (within five minutes).
    /// </summary>
    public static async Task<RunningProcess> StartMosaicAsync(string workingDirectory, string ready, params string[] arguments)
    {
        var mosaic = Path.Combine(AppContext.BaseDirectory, "mosaic.dll");
        Assert.True(File.Exists(mosaic), mosaic);
        var start = new ProcessStartInfo("dotnet", ["exec", mosaic, .. arguments])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = workingDirectory,
        };
        var run = new RunningProcess(Process.Start(start)!);
        var started = new TaskCompletionSource();
        run.Process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                run.Add(line);
                if (line.Contains(ready, StringComparison.Ordinal))
                {
                    started.TrySetResult();
                }
            }
        };
        run.Process.BeginErrorReadLine();
        run.Process.BeginOutputReadLine();
        try
        {
            await Task.WhenAny(started.Task, run.Process.WaitForExitAsync()).WaitAsync(TimeSpan.FromMinutes(5));
            Assert.True(started.Task.IsCompleted && !run.Process.HasExited, $"mosaic {arguments[0]} never wrote '{ready}' while running; its stderr:\n{run.Stderr}");
            return run;
        }
        catch
        {
            run.Dispose();
            throw;
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

using System.Diagnostics;
using System.Text;

namespace Mosaic.Storage.Tests;

/// <summary>Starts this test assembly as a separate process (see <see cref="Program"/>).</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource<string> firstLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(string[] arguments)
    {
        var assembly = typeof(Program).Assembly.Location;
        var dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Record(e.Data, isOutput: true);
        process.ErrorDataReceived += (_, e) => Record(e.Data, isOutput: false);
        process.Exited += (_, _) => firstLine.TrySetException(new InvalidOperationException($"child exited before reporting: {Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => process.Id;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static ChildProcess Start(params string[] arguments) => new(arguments);

    /// <summary>Runs a child to completion; returns its exit code and everything it wrote.</summary>
    public static async Task<(int Code, string Output)> RunAsync(params string[] arguments)
    {
        using var child = Start(arguments);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await child.process.WaitForExitAsync(timeout.Token);
        return (child.process.ExitCode, child.Output);
    }

    /// <summary>The first line the child writes to standard output.</summary>
    public Task<string> FirstLineAsync(TimeSpan timeout) => firstLine.Task.WaitAsync(timeout);

    /// <summary>SIGKILL: no shutdown code runs, the kernel closes the sockets.</summary>
    public void Kill() => process.Kill(entireProcessTree: true);

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        process.Dispose();
    }

    private void Record(string? line, bool isOutput)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }

        if (isOutput)
        {
            firstLine.TrySetResult(line);
        }
    }
}

using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Mosaic.Cli;

namespace Mosaic.Cli.Tests;

/// <summary><c>mosaic serve</c> as a child process: started on a free port, its URL read from stdout, stopped with SIGTERM.</summary>
internal sealed partial class ServeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();

    private ServeProcess(Process process) => _process = process;

    public Uri BaseUrl { get; private set; } = null!;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>Serves <paramref name="pool"/> (null: the default, the shipped zoo) on two workers with its data in <paramref name="data"/>.</summary>
    public static Task<ServeProcess> StartAsync(string? pool, string data, params string[] extra) =>
        StartAsync(pool, data, new Dictionary<string, string>(), extra);

    /// <summary>As above, with <paramref name="environment"/> added to the process's environment.</summary>
    public static async Task<ServeProcess> StartAsync(string? pool, string data, IReadOnlyDictionary<string, string> environment, params string[] extra)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        string[] config = pool is null ? [] : ["--config", pool];
        foreach (var arg in new[] { typeof(MosaicApp).Assembly.Location, "serve", "--port", "0", "--workers", "2", "--data", data }.Concat(config).Concat(extra))
        {
            info.ArgumentList.Add(arg);
        }

        var serve = new ServeProcess(Process.Start(info)!);
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        serve._process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (serve._output)
            {
                serve._output.AppendLine(e.Data);
            }

            if (Url().Match(e.Data) is { Success: true } match)
            {
                ready.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        serve._process.ErrorDataReceived += (_, e) =>
        {
            lock (serve._errors)
            {
                serve._errors.AppendLine(e.Data);
            }
        };
        serve._process.BeginOutputReadLine();
        serve._process.BeginErrorReadLine();
        var exited = serve._process.WaitForExitAsync();
        if (await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(120))) != ready.Task)
        {
            serve.Dispose();
            throw new InvalidOperationException($"mosaic serve did not print its URL: {serve.Output} {serve._errors}");
        }

        serve.BaseUrl = await ready.Task;
        return serve;
    }

    /// <summary>
    /// Sends SIGTERM (what Kubernetes and systemd send; serve treats it as Ctrl+C) and returns the exit code. Not SIGINT:
    /// the test host starts its children with SIGINT ignored, as a shell does for background jobs.
    /// </summary>
    public Task<int> TerminateAsync() => RunningProcess.TerminateAsync(_process);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"Mosaic is serving at (http://\S+?)/v1 ")]
    private static partial Regex Url();
}

using System.Diagnostics;
using Mosaic.Hosting;

namespace Mosaic.Benchmarks.Processes;

/// <summary>
/// One running <c>Mosaic.Silo</c> process. Settings travel as environment variables; its output is captured line by
/// line (to <see cref="SiloProcessOptions.LogFile"/> and in memory); <see cref="WaitUntilActiveAsync"/> waits for the
/// silo's "active" line; <see cref="Kill"/> sends SIGKILL. The silo also watches this process and stops when it exits,
/// so none outlives its supervisor.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private const int KeptLines = 4000;

    private readonly Process _process;
    private readonly object _lock = new();
    private readonly List<string> _lines = [];
    private readonly List<string> _errorLines = [];
    private readonly StreamWriter? _log;
    private readonly TaskCompletionSource _active = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _errorClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lineCount;

    private SiloProcess(SiloProcessOptions options, Process process, StreamWriter? log, int adminPort)
    {
        Options = options;
        _process = process;
        _log = log;
        AdminPort = adminPort;
    }

    public SiloProcessOptions Options { get; }

    /// <summary>The silo's admin HTTP port: /healthz, /readyz, /metrics and the dashboard when enabled.</summary>
    public int AdminPort { get; }

    public Uri Admin => new($"http://127.0.0.1:{AdminPort}/");

    /// <summary>Raised for every line the process writes, on the thread that read it.</summary>
    public event Action<SiloProcess, string>? LineWritten;

    public string Worker => Options.Worker;

    public int Id { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>When the silo logged that it is active in the cluster, if it has.</summary>
    public DateTimeOffset? ActiveAt { get; private set; }

    public bool HasExited => _exited.Task.IsCompleted;

    public int? ExitCode => HasExited ? _process.ExitCode : null;

    /// <summary>Set when this process was ended by <see cref="Kill"/>.</summary>
    public DateTimeOffset? KilledAt { get; private set; }

    public static SiloProcess Start(SiloProcessOptions options)
    {
        var silo = SiloExecutable.Find(options.SiloPath);
        var (fileName, leading) = SiloExecutable.Command(silo);
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(silo)!,
        };
        foreach (var argument in leading.Concat(options.Arguments))
        {
            info.ArgumentList.Add(argument);
        }

        // Nothing of this process's own Mosaic settings leaks into the silo: it gets exactly what the options say.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("Mosaic__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Silo__", StringComparison.OrdinalIgnoreCase)).ToArray())
        {
            info.Environment.Remove(key);
        }

        var environment = Environment(options);
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        StreamWriter? log = null;
        if (options.LogFile is { } file)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            log = new StreamWriter(file, append: true) { AutoFlush = true };
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var result = new SiloProcess(options, process, log, int.Parse(environment["Silo__AdminPort"], System.Globalization.CultureInfo.InvariantCulture));
        process.OutputDataReceived += (_, e) => result.OnLine(e.Data, result._outputClosed, error: false);
        process.ErrorDataReceived += (_, e) => result.OnLine(e.Data, result._errorClosed, error: true);
        process.Exited += (_, _) => result._exited.TrySetResult();
        try
        {
            process.Start();
        }
        catch
        {
            log?.Dispose();
            process.Dispose();
            throw;
        }

        result.Id = process.Id;
        result.StartedAt = DateTimeOffset.UtcNow;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>The settings as environment variables: worker, ports (admin included), one-line console logs, and this process as the parent.</summary>
    public static IReadOnlyDictionary<string, string> Environment(SiloProcessOptions options)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Mosaic:Worker"] = options.Worker,
            ["Silo:SiloPort"] = options.SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Silo:GatewayPort"] = options.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Silos share the machine: each gets its own admin HTTP port instead of the default 8081.
            ["Silo:AdminPort"] = FreePorts.Take(1)[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Silo:ParentProcessId"] = System.Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging:Console:FormatterName"] = "simple",
            ["Logging:Console:FormatterOptions:SingleLine"] = "true",
            ["Logging:Console:FormatterOptions:TimestampFormat"] = "HH:mm:ss.fff ",
        };
        foreach (var (key, value) in options.Settings)
        {
            settings[key] = value;
        }

        return settings.ToDictionary(p => p.Key.Replace(":", "__", StringComparison.Ordinal), p => p.Value, StringComparer.Ordinal);
    }

    /// <summary>Every line written so far (the last few thousand), stdout and stderr interleaved as they arrived.</summary>
    public IReadOnlyList<string> Lines()
    {
        lock (_lock)
        {
            return [.. _lines];
        }
    }

    /// <summary>The lines written to stderr.</summary>
    public IReadOnlyList<string> ErrorLines()
    {
        lock (_lock)
        {
            return [.. _errorLines];
        }
    }

    /// <summary>How many lines the process has written in all.</summary>
    public long LineCount => Interlocked.Read(ref _lineCount);

    /// <summary>Waits for the silo's "active" line; throws with its last lines if it exits first or the time runs out.</summary>
    public async Task WaitUntilActiveAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var first = await Task.WhenAny(_active.Task, _exited.Task, Task.Delay(timeout, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
        if (first == _active.Task)
        {
            return;
        }

        if (first == _exited.Task)
        {
            await WaitForOutputAsync();
            throw new InvalidOperationException($"silo {Worker} (pid {Id}) exited with code {_process.ExitCode} before it was active:{Tail()}");
        }

        throw new TimeoutException($"silo {Worker} (pid {Id}) was not active within {timeout.TotalSeconds:0} s:{Tail()}");
    }

    /// <summary>SIGKILL: the process ends at once, without any shutdown (what a crashed host or a lost node looks like).</summary>
    public void Kill()
    {
        if (HasExited)
        {
            return;
        }

        KilledAt = DateTimeOffset.UtcNow;
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // it exited meanwhile
        }
    }

    /// <summary>SIGTERM: the silo shuts down as a supervisor (systemd, Kubernetes) asks it to.</summary>
    public void Terminate()
    {
        if (HasExited)
        {
            return;
        }

        using var kill = Process.Start("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        if (await Task.WhenAny(_exited.Task, Task.Delay(timeout)) != _exited.Task)
        {
            throw new TimeoutException($"silo {Worker} (pid {Id}) did not exit within {timeout.TotalSeconds:0} s");
        }

        await WaitForOutputAsync();
    }

    /// <summary>Waits until /readyz answers 200 (the silo is active in the cluster with its worker registered).</summary>
    public async Task WaitReadyAsync(HttpClient http, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"silo {Worker} exited with {_process.ExitCode}:\n{Tail(40)}");
            }

            try
            {
                if ((await http.GetAsync(new Uri(Admin, "readyz"))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"silo {Worker} not ready after {timeout.TotalSeconds} s:\n{Tail(40)}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Waits until the process has exited; returns its exit code and every line it wrote.</summary>
    public async Task<(int ExitCode, IReadOnlyList<string> Lines)> WaitForExitAndOutputAsync(TimeSpan timeout)
    {
        await WaitForExitAsync(timeout);
        return (_process.ExitCode, Lines());
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            await WaitForExitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            // nothing more to do: SIGKILL cannot be refused; the process is gone from our side
        }

        _process.Dispose();
        lock (_lock)
        {
            _log?.Dispose();
        }
    }

    /// <summary>The last lines, for error messages.</summary>
    public string Tail(int count = 15)
    {
        var lines = Lines();
        return lines.Count == 0 ? " (no output)" : "\n  " + string.Join("\n  ", lines.Skip(Math.Max(0, lines.Count - count)));
    }

    private async Task WaitForOutputAsync() =>
        await Task.WhenAny(Task.WhenAll(_outputClosed.Task, _errorClosed.Task), Task.Delay(TimeSpan.FromSeconds(5)));

    private void OnLine(string? line, TaskCompletionSource closed, bool error)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }

        lock (_lock)
        {
            _lines.Add(line);
            if (error && _errorLines.Count < KeptLines)
            {
                _errorLines.Add(line);
            }

            if (_lines.Count > KeptLines)
            {
                _lines.RemoveRange(0, _lines.Count - KeptLines);
            }

            _log?.WriteLine(line);
        }

        Interlocked.Increment(ref _lineCount);
        LineWritten?.Invoke(this, line);
        if (!_active.Task.IsCompleted && line.Contains(SiloReadyLog.Marker, StringComparison.Ordinal) && line.Contains(" active: ", StringComparison.Ordinal))
        {
            ActiveAt = DateTimeOffset.UtcNow;
            _active.TrySetResult();
        }
    }
}

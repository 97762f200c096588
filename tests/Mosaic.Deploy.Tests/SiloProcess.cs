using System.Diagnostics;
using System.Text;

namespace Mosaic.Deploy.Tests;

/// <summary>
/// A real Mosaic.Silo process (the built host, run with <c>dotnet</c>) with its own working folder, environment and
/// ports; output kept in memory. Disposing kills it.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _folder;

    private SiloProcess(string worker, int siloPort, int gatewayPort, int adminPort, int primaryPort, IReadOnlyDictionary<string, string> environment)
    {
        (Worker, SiloPort, GatewayPort, AdminPort) = (worker, siloPort, gatewayPort, adminPort);
        _folder = Directory.CreateTempSubdirectory("mosaic-silo-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _folder,
        };
        foreach (var argument in new[] { Repository.SiloDll, "--worker", worker, "--silo-port", $"{siloPort}", "--gateway-port", $"{gatewayPort}",
                     "--admin-port", $"{adminPort}", "--primary-port", $"{primaryPort}" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Worker { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public int AdminPort { get; }

    public Uri Admin => new($"http://127.0.0.1:{AdminPort}/");

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

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

    /// <summary>
    /// Starts silo <paramref name="worker"/> on the ports from <paramref name="ports"/> onward (silo, gateway, admin);
    /// without database storage the silos cluster on localhost with <paramref name="primaryPort"/> as the primary.
    /// </summary>
    public static SiloProcess Start(string worker, int ports, int? primaryPort = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var env = new Dictionary<string, string>
        {
            ["Mosaic__Storage__Provider"] = "memory",
            ["DOTNET_ENVIRONMENT"] = "Production",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        return new SiloProcess(worker, ports, ports + 1, ports + 2, primaryPort ?? ports, env);
    }

    /// <summary>Waits until /readyz answers 200 (the silo is Active in the cluster).</summary>
    public async Task WaitReadyAsync(HttpClient http, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"silo {Worker} exited with {_process.ExitCode}:\n{Output}");
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
                throw new TimeoutException($"silo {Worker} not ready after {timeout.TotalSeconds} s:\n{Output}");
            }

            await Task.Delay(200);
        }
    }

    public Task<bool> WaitForExitAsync(TimeSpan timeout) =>
        _process.WaitForExitAsync(new CancellationTokenSource(timeout).Token).ContinueWith(t => t.IsCompletedSuccessfully);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}

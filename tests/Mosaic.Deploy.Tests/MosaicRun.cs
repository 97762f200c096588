using System.Diagnostics;
using System.Text.Json;

namespace Mosaic.Deploy.Tests;

/// <summary>
/// <c>mosaic run --cluster postgres:… --config POOL</c> as a user starts it: the built CLI in its own process, an
/// Orleans client of the running cluster. <see cref="Exited"/> is when the process ended.
/// </summary>
internal sealed class MosaicRun
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private MosaicRun(Process process, string output)
    {
        _process = process;
        Output = output;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public string Output { get; }

    public DateTime Exited { get; private set; }

    public static MosaicRun Start(LocalCluster cluster, string pool, string requests, string output)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            Repository.CliDll, "run", "-i", requests, "-o", output, "--config", pool, "--cluster", $"postgres:{cluster.Postgres}",
            "--cluster-id", cluster.ClusterId, "--service-id", cluster.ClusterId, "--json",
        })
        {
            start.ArgumentList.Add(argument);
        }

        return new MosaicRun(Process.Start(start)!, output);
    }

    /// <summary>Waits for the run to end; its exit code, stdout and stderr.</summary>
    public async Task<(int Code, string Stdout, string Stderr)> WaitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
            throw new TimeoutException($"mosaic run did not end within {timeout.TotalSeconds} s");
        }

        Exited = DateTime.UtcNow;
        return (_process.ExitCode, await _stdout, await _stderr);
    }

    /// <summary>The final answer of each output line, by custom_id.</summary>
    public IReadOnlyDictionary<string, string?> FinalAnswers() =>
        File.ReadLines(Output).Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(
            line => line.GetProperty("custom_id").GetString()!,
            line => line.GetProperty("response").GetProperty("body").GetProperty("mosaic").GetProperty("final_answer").GetString());
}

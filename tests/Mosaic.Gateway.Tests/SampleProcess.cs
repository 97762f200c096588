using System.Diagnostics;

namespace Mosaic.Gateway.Tests;

/// <summary>The Orleans client sample as its own process, the way a developer runs it: exit code, stdout and stderr.</summary>
internal static class SampleProcess
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunOrleansClientAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        // With this test assembly's runtime config and dependencies: the sample's own names no ASP.NET framework, whose
        // connection abstractions Orleans' client loads from this folder.
        string[] host =
        [
            "exec", "--runtimeconfig", Path.Combine(AppContext.BaseDirectory, "Mosaic.Gateway.Tests.runtimeconfig.json"),
            "--depsfile", Path.Combine(AppContext.BaseDirectory, "Mosaic.Gateway.Tests.deps.json"),
            Path.Combine(AppContext.BaseDirectory, "Mosaic.Samples.OrleansClient.dll"),
        ];
        foreach (var argument in host.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}

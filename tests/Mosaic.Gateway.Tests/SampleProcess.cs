using Mosaic.TestSupport;

namespace Mosaic.Gateway.Tests;

/// <summary>The Orleans client sample as its own process, the way a developer runs it: exit code, stdout and stderr.</summary>
internal static class SampleProcess
{
    public static Task<(int Exit, string Stdout, string Stderr)> RunOrleansClientAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        // With this test assembly's runtime config and dependencies: the sample's own names no ASP.NET framework, whose
        // connection abstractions Orleans' client loads from this folder.
        string[] host =
        [
            "exec", "--runtimeconfig", Path.Combine(AppContext.BaseDirectory, "Mosaic.Gateway.Tests.runtimeconfig.json"),
            "--depsfile", Path.Combine(AppContext.BaseDirectory, "Mosaic.Gateway.Tests.deps.json"),
            Path.Combine(AppContext.BaseDirectory, "Mosaic.Samples.OrleansClient.dll"),
        ];
        return ChildProcess.RunAsync("dotnet", host.Concat(arguments), TimeSpan.FromSeconds(90), environment);
    }
}

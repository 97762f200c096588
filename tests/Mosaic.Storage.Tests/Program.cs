using Mosaic.Storage.Tests.Clustering;
using Mosaic.Storage.Tests.Jobs;

namespace Mosaic.Storage.Tests;

/// <summary>
/// The test assembly is also an executable: multi-process tests start it as their child processes, and it runs the job
/// store throughput measurement (kept out of the unit tests):
/// <c>dotnet Mosaic.Storage.Tests.dll job-store-bench [--provider sqlite|postgres|memory] [--rows N] [--batch B]</c>.
/// </summary>
internal static class Program
{
    public static Task<int> Main(string[] args) => args switch
    {
        [SqliteWriterProcess.Command, .. var rest] => SqliteWriterProcess.RunAsync(rest),
        [MembershipNode.Command, .. var rest] => MembershipNode.RunAsync(rest),
        [JobStoreBenchmark.Command, .. var rest] => JobStoreBenchmark.RunAsync(rest),
        _ => Usage(),
    };

    private static Task<int> Usage()
    {
        Console.Error.WriteLine($"usage: Mosaic.Storage.Tests {JobStoreBenchmark.Command} [--provider sqlite|postgres|memory] [--rows N] [--batch B]");
        return Task.FromResult(2);
    }
}

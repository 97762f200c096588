using Mosaic.Abstractions.Jobs;
using Mosaic.Benchmarks;
using Mosaic.Benchmarks.Processes;

namespace Mosaic.Silo.Tests;

/// <summary>
/// A second <c>Mosaic.Silo</c> process started with the worker id of a live one (a copied command line): until
/// 2026-12-05 it joined, the cluster planned on it as the newer incarnation of the worker and left the first one's GPU
/// idle without a word. It is now refused at start, and the cluster keeps serving with the silo it had.
/// </summary>
public sealed class DuplicateWorkerTests
{
    [Fact]
    [Trait("Category", "Process")]
    public async Task SiloWithALiveWorkersId_IsRefusedAtStart_AndTheClusterKeepsServing()
    {
        await using var cluster = await ProcessCluster.SqliteAsync(timeScale: 0.01);
        int[] ports = [SiloConfigurationTests.FreeLoopbackPort(), SiloConfigurationTests.FreeLoopbackPort()];
        var first = cluster.Silos["gpu1"];

        await using var duplicate = SiloProcess.Start(new SiloProcessOptions("gpu1", ports[0], ports[1])
        {
            Settings = cluster.Silos.Options.SharedSettings(),
            LogFile = Path.Combine(cluster.Silos.Options.LogFolder, "gpu1-duplicate.log"),
        });
        await duplicate.WaitForExitAsync(TimeSpan.FromSeconds(120));

        Assert.True(duplicate.ExitCode == 2, $"exit code {duplicate.ExitCode}:\n{string.Join('\n', duplicate.ErrorLines())}");
        Assert.Contains(duplicate.ErrorLines(), l => l.StartsWith("error: worker id 'gpu1' is already served by the live silo ", StringComparison.Ordinal));
        Assert.False(first.HasExited);

        var id = await cluster.Mosaic.SubmitAsync(ControlPlaneBenchmark.Workload(60, seed: 3));
        var report = await cluster.Mosaic.WaitForCompletionAsync(id, new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);

        Assert.True(report.Status == JobStatus.Completed, $"job ended {report.Status}: {report.Error}{cluster.Logs()}");
        Assert.Equal(["gpu0", "gpu1", "gpu2"], report.PlannedBusySeconds.Keys.Order(StringComparer.Ordinal));
    }
}

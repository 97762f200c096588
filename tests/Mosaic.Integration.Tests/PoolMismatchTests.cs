using Mosaic.Abstractions;
using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Client;
using Mosaic.Grains.Hosting;

namespace Mosaic.Integration.Tests;

/// <summary>
/// A worker whose silo was configured with another pool, as in a rolling update that adds an expert, or a silo given
/// the wrong file: until 2026-12-05 it was planned like the others and failed every call of the expert it lacks (a
/// missing vote each). It is now left out of the jobs that need that expert and serves the others.
/// </summary>
public sealed class PoolMismatchTests
{
    private const string Missing = "QwenR1";

    [Fact]
    public async Task WorkerLackingAnExpert_IsLeftOutOfJobsThatNeedIt_AndServesTheOthers()
    {
        await using var cluster = ClusterFactory.Build(3, worker =>
        {
            var options = TestProfiles.Emulated(worker, timeScale: 0.01);
            if (worker == "gpu2")
            {
                options.Experts.Remove(Missing);
            }

            return options;
        });
        await cluster.DeployAsync();
        await ClusterFactory.WaitForWorkersAsync(cluster, 3);
        var client = new MosaicClient(cluster.Client);

        var needing = await SubmitAsync(client, TestWorkloads.MultipleChoice(90, seed: 11));
        var report = await client.WaitForCompletionAsync(needing, new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token);
        var results = await client.GetResultsAsync(needing);

        Assert.True(report.Status == JobStatus.Completed, $"job ended {report.Status}: {report.Error}");
        Assert.Equal(["gpu0", "gpu1"], report.PlannedBusySeconds.Keys.Order(StringComparer.Ordinal));
        var calls = results.SelectMany(r => r.ExpertCalls).ToArray();
        Assert.Contains(calls, c => c.Expert == Missing);
        Assert.DoesNotContain(calls, c => c.Status == CallStatus.Failed);
        Assert.DoesNotContain(calls, c => c.Worker == "gpu2");

        var without = await SubmitAsync(client, WithoutTheMissingExpert(TestWorkloads.MultipleChoice(90, seed: 12)));
        report = await client.WaitForCompletionAsync(without, new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token);

        Assert.True(report.Status == JobStatus.Completed, $"job ended {report.Status}: {report.Error}");
        Assert.Equal(["gpu0", "gpu1", "gpu2"], report.PlannedBusySeconds.Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// A job whose grain lands on the silo that lacks the expert is refused, naming it; the test submits again (each
    /// submit picks a silo afresh) until a silo that has the whole pool takes the job.
    /// </summary>
    private static async Task<string> SubmitAsync(IMosaicClient client, JobSpec spec)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await client.SubmitAsync(spec);
            }
            catch (JobRejectedException e) when (attempt < 20)
            {
                Assert.Contains($"expert '{Missing}'", e.Message, StringComparison.Ordinal);
            }
        }
    }

    private static JobSpec WithoutTheMissingExpert(JobSpec spec) => spec with
    {
        Questions = [.. spec.Questions.Select(q => q with { Experts = [.. q.Experts.Select(e => e == Missing ? "Qwen" : e)] })],
        ExpertPool = [.. spec.ExpertPool.Where(e => e != Missing)],
    };
}

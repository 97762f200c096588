using Mosaic.Abstractions;
using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Client;
using Mosaic.Grains.Hosting;
using Orleans.TestingHost;

namespace Mosaic.Integration.Tests;

/// <summary>
/// Workers whose silos were configured with different pools, as in a rolling update that adds an expert, or a silo
/// given the wrong file. Until 2026-12-05 such a worker was planned like the others and failed every call of the expert
/// it lacked (a missing vote each), and a job taken over by its silo failed. It is now left out of the jobs that need
/// that expert, jobs go to the silos with the fullest pools, and a job that still lands where its expert is missing is
/// refused saying which workers serve it.
/// </summary>
public sealed class PoolMismatchTests
{
    private const string Missing = "QwenR1";
    private const string Extra = "Mistral";

    [Fact]
    public async Task WorkerLackingAnExpert_IsLeftOutOfJobsThatNeedIt_AndNeverHoldsAJob()
    {
        await using var cluster = await StartAsync(worker => worker == "gpu2" ? [Missing] : []);
        var client = new MosaicClient(cluster.Client);

        // Every submit is taken at once: the jobs go to gpu0 or gpu1, whose pools include gpu2's and exceed it.
        for (var n = 0; n < 8; n++)
        {
            var id = await client.SubmitAsync(TestWorkloads.MultipleChoice(30, seed: 11 + n));
            var report = await client.WaitForCompletionAsync(id, new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token);
            var calls = (await client.GetResultsAsync(id)).SelectMany(r => r.ExpertCalls).ToArray();

            Assert.True(report.Status == JobStatus.Completed, $"job ended {report.Status}: {report.Error}");
            Assert.Equal(["gpu0", "gpu1"], report.PlannedBusySeconds.Keys.Order(StringComparer.Ordinal));
            Assert.Contains(calls, c => c.Expert == Missing);
            Assert.DoesNotContain(calls, c => c.Status == CallStatus.Failed);
            Assert.DoesNotContain(calls, c => c.Worker == "gpu2");
        }

        // A job whose pool lists the expert but whose questions do not use it runs on all three.
        var without = await client.SubmitAsync(WithoutTheMissingExpert(TestWorkloads.MultipleChoice(30, seed: 30)));
        var ended = await client.WaitForCompletionAsync(without, new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token);
        Assert.True(ended.Status == JobStatus.Completed, $"job ended {ended.Status}: {ended.Error}");
        Assert.Equal(["gpu0", "gpu1", "gpu2"], ended.PlannedBusySeconds.Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// gpu2 lacks one expert and alone has another: no pool includes another, so a job may land on gpu2. One that needs
    /// the expert gpu2 lacks is refused there, naming the workers that serve it; one whose questions do not use it
    /// (though its pool lists it) is taken by any silo, where gpu2 refused it for its pool list until 2026-12-05.
    /// </summary>
    [Fact]
    public async Task IncomparablePools_AJobLandingWhereItsExpertIsMissing_IsRefusedNamingWhoServesIt()
    {
        await using var cluster = await StartAsync(worker => worker == "gpu2" ? [Missing] : [Extra]);
        var client = new MosaicClient(cluster.Client);

        var refused = false;
        for (var attempt = 1; !refused; attempt++)
        {
            Assert.True(attempt <= 40, "no job landed on gpu2 in 40 submits");
            try
            {
                await client.SubmitAsync(TestWorkloads.MultipleChoice(6, seed: attempt));
            }
            catch (JobRejectedException e)
            {
                Assert.Contains($"expert '{Missing}' is not in the pool of the silo that took this job (worker gpu2), though gpu0, gpu1 serve it", e.Message, StringComparison.Ordinal);
                refused = true;
            }
        }

        for (var n = 0; n < 6; n++)
        {
            var id = await client.SubmitAsync(WithoutTheMissingExpert(TestWorkloads.MultipleChoice(12, seed: 50 + n)));
            var report = await client.WaitForCompletionAsync(id, new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token);
            Assert.True(report.Status == JobStatus.Completed, $"job ended {report.Status}: {report.Error}");
        }
    }

    private static async Task<InProcessTestCluster> StartAsync(Func<string, string[]> lacking)
    {
        var cluster = ClusterFactory.Build(3, worker =>
        {
            var options = TestProfiles.Emulated(worker, timeScale: 0.01);
            foreach (var expert in lacking(worker))
            {
                options.Experts.Remove(expert);
            }

            return options;
        });
        await cluster.DeployAsync();
        await ClusterFactory.WaitForWorkersAsync(cluster, 3);
        return cluster;
    }

    /// <summary>The same pool (the missing expert still listed), no question routed to it.</summary>
    private static JobSpec WithoutTheMissingExpert(JobSpec spec) => spec with
    {
        Questions = [.. spec.Questions.Select(q => q with { Experts = [.. q.Experts.Select(e => e == Missing ? "Qwen" : e)] })],
    };
}

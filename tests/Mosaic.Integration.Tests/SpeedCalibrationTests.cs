using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Client;

namespace Mosaic.Integration.Tests;

/// <summary>A cluster that calibrates: a completed job's warm sessions set the speeds (and the workers' spread) the next job's plan is priced at.</summary>
public sealed class SpeedCalibrationTests
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ACompletedJob_CalibratesTheNextJobsPlan()
    {
        await using var cluster = ClusterFactory.Build(2, worker =>
        {
            var options = TestProfiles.Emulated(worker, EmulatedClusterFixture.TimeScale);
            options.CalibrateSpeed = true;
            options.MaxModelsPerWorker = 4;
            return options;
        });
        await cluster.DeployAsync();
        await ClusterFactory.WaitForWorkersAsync(cluster, 2);
        var client = new MosaicClient(cluster.Client);
        var spec = TestWorkloads.MultipleChoice(240, seed: 21);

        var first = await RunAsync(client, spec);
        var second = await RunAsync(client, spec);
        var third = await RunAsync(client, spec);

        Assert.Equal(JobStatus.Completed, first.Status);
        Assert.Empty(first.SpeedFactors);
        // The first job ran every model cold on its worker, so it teaches nothing: the second is priced from the profiles.
        Assert.Empty(second.SpeedFactors);
        // The emulated backend draws session times around the profiles, at a hundredth of model time: the second job's
        // sessions set the machine's level, which prices every expert of the pool (those not observed at the level), and
        // the workers' spread; the third plan is priced at them. A factor is about 1 plus the control plane's fixed
        // costs, which a loaded machine inflates (3.8 seen under CI); wall time taken as model time would give about 100.
        Assert.Equal(0, second.ForecastSpread);
        Assert.All(spec.ExpertPool, e => Assert.Contains(e, third.SpeedFactors.Keys));
        Assert.All(third.SpeedFactors, f => Assert.InRange(f.Value, 0.3, 10));
        Assert.InRange(third.ForecastSpread, 0, 1);
        Assert.NotEqual(second.PlannedMakespanSeconds, third.PlannedMakespanSeconds);
    }

    private static async Task<JobReport> RunAsync(MosaicClient client, JobSpec spec) =>
        await client.WaitForCompletionAsync(await client.SubmitAsync(spec), new CancellationTokenSource(JobTimeout).Token);
}

using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Grains.Telemetry;
using Mosaic.Testing;

namespace Mosaic.Grains.Tests.Telemetry;

public sealed class JobTelemetryTests
{
    [Fact]
    public void WarmUpJob_IsCountedButLeavesTheMakespanHistogramsAlone()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var telemetry = new MosaicTelemetry(services.GetRequiredService<IMeterFactory>(), Options.Create(TestOptions.Emulated()), TimeProvider.System);
        using var metrics = new MetricRecorder(meter => meter == telemetry.Meter);

        telemetry.JobEnded($"{WarmUpJobs.IdPrefix}6ecb", null, Completed($"{WarmUpJobs.IdPrefix}6ecb", planned: 39.6, realized: 0.5), []);
        telemetry.JobEnded("batch_1", null, Completed("batch_1", planned: 9.6, realized: 8.3), []);

        Assert.Equal(2, metrics.Sum("mosaic.jobs", ("status", "completed")));
        Assert.Equal([8.3], metrics.Of("mosaic.job.makespan.realized").Select(m => m.Value));
        Assert.Single(metrics.Of("mosaic.job.makespan.planned"));
    }

    private static JobReport Completed(string id, double planned, double realized) => new(
        id, JobStatus.Completed, "emulated", SchedulerKind.DataParallel, 128, 128, 0, 0, planned, planned, realized + 1, null, null, ["gpu0"], 0,
        new Dictionary<string, double>(), realized, 0.1, null, null, null, 0, 0, 1, 0, 0, 0, new Dictionary<string, double>());
}

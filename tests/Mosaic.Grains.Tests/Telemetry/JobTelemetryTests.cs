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
    public void WarmUpJob_LeavesTheJobQuestionAndMakespanMetricsAlone()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var telemetry = new MosaicTelemetry(services.GetRequiredService<IMeterFactory>(), Options.Create(TestOptions.Emulated()), TimeProvider.System);
        using var metrics = new MetricRecorder(meter => meter == telemetry.Meter);
        var warmUp = $"{WarmUpJobs.IdPrefix}6ecb";

        foreach (var job in new[] { warmUp, "batch_1" })
        {
            telemetry.JobAccepted(job);
            telemetry.Replanned(job, replanned: true);
            telemetry.Decided(job, [new DecidedQuestion(true, true, 2), new DecidedQuestion(false, false, 0)]);
        }

        telemetry.JobRejected(warmUp);
        telemetry.JobEnded(warmUp, null, Completed(warmUp, planned: 39.6, realized: 0.5), []);
        telemetry.JobEnded("batch_1", null, Completed("batch_1", planned: 9.6, realized: 8.3), []);

        Assert.Equal(1, metrics.Sum("mosaic.jobs", ("status", "accepted")));
        Assert.Equal(0, metrics.Sum("mosaic.jobs", ("status", "rejected")));
        Assert.Equal(1, metrics.Sum("mosaic.jobs", ("status", "completed")));
        Assert.Equal(1, metrics.Sum("mosaic.job.replans"));
        Assert.Equal(1, metrics.Sum("mosaic.questions.answered"));
        Assert.Equal(1, metrics.Sum("mosaic.questions.unanswered"));
        Assert.Equal(1, metrics.Sum("mosaic.gate.skips"));
        Assert.Equal(2, metrics.Sum("mosaic.calls.early_cancelled"));
        Assert.Equal([8.3], metrics.Of("mosaic.job.makespan.realized").Select(m => m.Value));
        Assert.Single(metrics.Of("mosaic.job.makespan.planned"));
    }

    private static JobReport Completed(string id, double planned, double realized) => new(
        id, JobStatus.Completed, "emulated", SchedulerKind.DataParallel, 128, 128, 0, 0, planned, planned, realized + 1, null, null, ["gpu0"], 0,
        new Dictionary<string, double>(), realized, 0.1, null, null, null, 0, 0, 1, 0, 0, 0, new Dictionary<string, double>());
}

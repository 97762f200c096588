using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Aggregation.Gating;
using Mosaic.Grains.Telemetry;
using Mosaic.Testing;

namespace Mosaic.Integration.Tests;

/// <summary>The Mosaic meter and the job trace of one whole job on the four-silo emulated cluster, read in process.</summary>
[Collection(EmulatedClusterCollection.Name)]
public sealed class JobTelemetryTests(EmulatedClusterFixture fixture)
{
    [Fact]
    public async Task Job_Completed_RecordsAnsweredGateSkipsCancellationsStatusAndMakespans()
    {
        var meters = fixture.Cluster.GetActiveSilos()
            .Select(s => fixture.Cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<MosaicTelemetry>().Meter).ToHashSet();
        using var metrics = new MetricRecorder(meters.Contains);
        var spec = TestWorkloads.MultipleChoice(80, seed: 7, new GateSpec(GateRule.VoteFraction, 2.0 / 3.0, SameExpertPolicy.CountEverySlot, true));

        var id = await fixture.Client.SubmitAsync(spec);
        var report = await fixture.Client.WaitForCompletionAsync(id, new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token);
        var results = await fixture.Client.GetResultsAsync(id);
        await Until(() => metrics.Sum("mosaic.jobs", ("status", "completed")) > 0); // the report turns Completed a moment before the job records its end

        Assert.Equal(results.Count(r => r.FinalAnswer is not null), metrics.Sum("mosaic.questions.answered"));
        Assert.Equal(80, metrics.Sum("mosaic.questions.answered") + metrics.Sum("mosaic.questions.unanswered"));
        Assert.Equal((80, results.Count(r => r.FinalAnswer is null)), (report.Answered, report.Unanswered));
        Assert.Equal(results.Count(r => r.AggregatorCall is null), metrics.Sum("mosaic.gate.skips"));
        Assert.Equal(results.Sum(r => r.ExpertCalls.Count(c => c.Status == CallStatus.Cancelled)), metrics.Sum("mosaic.calls.early_cancelled"));
        Assert.InRange(metrics.Sum("mosaic.gate.skips"), 1, 79);
        Assert.Equal(1, metrics.Sum("mosaic.jobs", ("status", "accepted")));
        Assert.Equal(1, metrics.Sum("mosaic.jobs", ("status", "completed")));
        Assert.Equal(report.PlannedMakespanSeconds * EmulatedClusterFixture.TimeScale, Assert.Single(metrics.Of("mosaic.job.makespan.planned")).Value, 6);
        Assert.Equal(report.ExpertStageSeconds, Assert.Single(metrics.Of("mosaic.job.makespan.realized")).Value, 6);
        Assert.Equal("plan", Assert.Single(metrics.Of("mosaic.plan.solve.duration")).Tag("kind"));
        var completed = results.SelectMany(r => r.ExpertCalls.Append(r.AggregatorCall)).Count(c => c?.Status == CallStatus.Completed);
        Assert.InRange(metrics.Sum("mosaic.calls", ("status", "completed")), completed, completed + 3 * 80);
        Assert.Equal(report.AggregatorCalls, metrics.Sum("mosaic.calls", ("role", "aggregator"), ("status", "completed")));
        Assert.True(metrics.Sum("mosaic.tokens.generated") > 0);
        // One per call that ended on a worker, with the same tags (a cancelled call may still be ending on its worker).
        await Until(() => metrics.Of("mosaic.call.duration").Count == metrics.Sum("mosaic.calls"));
        var durations = metrics.Of("mosaic.call.duration");
        Assert.Equal(metrics.Sum("mosaic.calls"), durations.Count);
        Assert.Equal(metrics.Sum("mosaic.calls", ("role", "aggregator")), durations.Count(d => d.Tag("role") == "aggregator"));
        Assert.All(durations, d => Assert.True(d.Value >= 0));
        // One queue wait per call admitted to a running batch: every call that ended had one (a call that is still
        // ending has its wait recorded already).
        await Until(() => metrics.Of("mosaic.call.queue.duration").Count == metrics.Of("mosaic.call.duration").Count);
        var waits = metrics.Of("mosaic.call.queue.duration");
        Assert.Equal(metrics.Sum("mosaic.calls", ("role", "aggregator")), waits.Count(w => w.Tag("role") == "aggregator"));
        Assert.Equal(durations.Select(d => (d.Tag("worker"), d.Tag("expert"))).Order(), waits.Select(w => (w.Tag("worker"), w.Tag("expert"))).Order());
        Assert.All(waits, w => Assert.True(w.Value >= 0));
    }

    [Fact]
    public async Task WarmUpJob_CountsItsCallsButNotItsJobOrQuestions()
    {
        var meters = fixture.Cluster.GetActiveSilos()
            .Select(s => fixture.Cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<MosaicTelemetry>().Meter).ToHashSet();
        using var metrics = new MetricRecorder(meters.Contains);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));

        var warmUp = await fixture.Client.SubmitAsync(TestWorkloads.MultipleChoice(24, seed: 9), $"{WarmUpJobs.IdPrefix}{Guid.NewGuid():N}");
        await fixture.Client.WaitForCompletionAsync(warmUp, timeout.Token);
        var warmUpCalls = metrics.Sum("mosaic.calls");
        // A user's job after it: once its end is counted, the warm-up job's (earlier) end has been through the meter too.
        var job = await fixture.Client.SubmitAsync(TestWorkloads.MultipleChoice(10, seed: 10));
        await fixture.Client.WaitForCompletionAsync(job, timeout.Token);
        await Until(() => metrics.Sum("mosaic.jobs", ("status", "completed")) > 0);

        Assert.Equal(1, metrics.Sum("mosaic.jobs", ("status", "accepted")));
        Assert.Equal(1, metrics.Sum("mosaic.jobs", ("status", "completed")));
        Assert.Equal(10, metrics.Sum("mosaic.questions.answered") + metrics.Sum("mosaic.questions.unanswered"));
        Assert.Single(metrics.Of("mosaic.job.makespan.realized"));
        Assert.True(warmUpCalls > 0, "the warm-up job's calls count on their workers");
    }

    [Fact]
    public async Task Job_Traced_OneTraceWithPlanRunSessionsAndAggregationSpans()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == MosaicTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var spec = TestWorkloads.MultipleChoice(40, seed: 8, new GateSpec(GateRule.VoteFraction, 1.0));

        var id = await fixture.Client.SubmitAsync(spec);
        var report = await fixture.Client.WaitForCompletionAsync(id, new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token);
        await Until(() => spans.Any(s => s.OperationName == "mosaic.job.run" && Equals(s.GetTagItem("mosaic.job.id"), id)));

        var job = spans.Where(s => Equals(s.GetTagItem("mosaic.job.id"), id)).ToArray();
        var submit = Assert.Single(job, s => s.OperationName == "mosaic.job.submit");
        Assert.All(job, s => Assert.Equal(submit.TraceId, s.TraceId));
        Assert.Equal(submit.SpanId, Assert.Single(job, s => s.OperationName == "mosaic.plan").ParentSpanId);
        Assert.Equal(submit.SpanId, Assert.Single(job, s => s.OperationName == "mosaic.job.generation").ParentSpanId);
        var run = Assert.Single(job, s => s.OperationName == "mosaic.job.run");
        Assert.Equal(submit.SpanId, run.ParentSpanId);
        Assert.Equal(report.StartedAt!.Value.UtcDateTime, run.StartTimeUtc);
        var sessions = job.Where(s => s.OperationName is "mosaic.session" or "mosaic.aggregation" or "mosaic.model.load").ToArray();
        Assert.All(sessions, s => Assert.Equal(run.SpanId, s.ParentSpanId));
        Assert.All(sessions, s => Assert.InRange(s.StartTimeUtc, run.StartTimeUtc, run.StartTimeUtc + run.Duration));
        Assert.Equal(report.Workers.Order(), sessions.Where(s => s.OperationName == "mosaic.session").Select(s => (string)s.GetTagItem("mosaic.worker")!).Distinct().Order());
        Assert.Equal(report.AggregatorCalls, sessions.Where(s => s.OperationName == "mosaic.aggregation").Sum(s => (int)s.GetTagItem("mosaic.calls")!));
        Assert.True(report.AggregatorCalls > 0);
    }

    private static async Task Until(Func<bool> condition)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(20); !condition(); await Task.Delay(20))
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the job to record its end");
        }
    }
}

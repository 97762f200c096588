using Mosaic.Abstractions.Results;
using Mosaic.Grains.Devices;
using Mosaic.Grains.Devices.Sessions;
using static Mosaic.Grains.Tests.Calls;
using JobPriority = Mosaic.Abstractions.Jobs.JobPriority;
using TimelineKind = Mosaic.Abstractions.Jobs.TimelineKind;

namespace Mosaic.Grains.Tests;

/// <summary>The device with the emulated backend at a small time scale, its real forwarder, and test doubles for the store and the aggregation grain.</summary>
public sealed class WorkerDeviceTests
{
    [Fact]
    public async Task Device_PlannedSessions_RunEveryCallPersistThenReportIt()
    {
        await using var h = new DeviceHarness(TestOptions.Emulated());
        h.Device.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2", "q3"), Planned("y", "q4")]);
        h.Device.Submit([Request("j", "y", "q4"), Request("j", "x", "q1"), Request("j", "x", "q2"), Request("j", "x", "q3")]);

        var outcomes = await Task.WhenAll(new[] { "q1", "q2", "q3", "q4" }.Select(q => h.Aggregation.OutcomeOf(Key(q))));

        Assert.All(outcomes, o => Assert.Equal(CallStatus.Completed, o.Status));
        Assert.All(outcomes, o => Assert.True(o.Output!.Emulated));
        Assert.Equal(["x", "y"], h.Backend.Loads);
        var stored = await h.Store.ReadOutputsAsync("j");
        Assert.Equal(4, stored.Count);
        var first = stored.Single(s => s.QuestionId == "q1" && s.Slot == 0);
        Assert.Equal(outcomes[0], h.Serializer.Deserialize<CallOutcome>(first.Payload));
        var status = h.Device.Status();
        Assert.Equal((2, 4L, 0, 0), (status.Loads, status.CompletedCalls, status.Running, status.Queued));
        Assert.Equal(outcomes.Sum(o => (long)o.Output!.OutputTokens), status.GeneratedTokens);
        var timeline = h.Device.Timeline("j");
        Assert.Equal(
            [(TimelineKind.Load, "x", 0), (TimelineKind.ExpertSession, "x", 3), (TimelineKind.Load, "y", 0), (TimelineKind.ExpertSession, "y", 1)],
            timeline.Select(e => (e.Kind, e.Expert, e.Calls)));
        Assert.True(timeline[1].Start <= timeline[1].End && timeline[1].End <= timeline[2].Start);
    }

    [Fact]
    public async Task Device_MarksOnlyAModelsFirstSessionOnTheWorkerAsAFirstRun()
    {
        await using var h = new DeviceHarness(TestOptions.Emulated());
        h.Device.Prepare("a", 1, JobPriority.Interactive, [Planned("x", "q1", "q2")]);
        h.Device.Submit([Request("a", "x", "q1"), Request("a", "x", "q2")]);
        await Task.WhenAll(h.Aggregation.OutcomeOf(Key("q1")), h.Aggregation.OutcomeOf(Key("q2")));
        h.Device.Prepare("b", 1, JobPriority.Interactive, [Planned("x", "q3"), Planned("y", "q4")]);
        h.Device.Submit([Request("b", "x", "q3"), Request("b", "y", "q4")]);
        await Task.WhenAll(h.Aggregation.OutcomeOf(Key("q3")), h.Aggregation.OutcomeOf(Key("q4")));

        Assert.Equal([("x", true)], h.Device.Timeline("a").Where(e => e.Kind == TimelineKind.ExpertSession).Select(e => (e.Expert, e.FirstRun)));
        Assert.Equal([("x", false), ("y", true)], h.Device.Timeline("b").Where(e => e.Kind == TimelineKind.ExpertSession).Select(e => (e.Expert, e.FirstRun)));
    }

    [Fact]
    public async Task Device_CallSubmittedWhileItsSessionRuns_JoinsTheRunningBatch()
    {
        await using var h = new DeviceHarness(TestOptions.Emulated());
        h.Device.Prepare("j", 1, JobPriority.Interactive, [Planned("slow", "q1", "q2", "q3")]);
        h.Device.Submit([Request("j", "slow", "q1")]);
        await h.Backend.WhenStarted(Key("q1"));

        h.Device.Submit([Request("j", "slow", "q2")]);
        await h.Backend.WhenStarted(Key("q2"));
        h.Device.Submit([Request("j", "slow", "q3")]);
        await h.Backend.WhenStarted(Key("q3"));

        // All three are generating together; the first (seconds long) has not finished.
        Assert.Equal(3, h.Backend.InFlight);
        Assert.Empty(h.Aggregation.Outcomes);
        Assert.Equal(["slow"], h.Backend.Loads);
        h.Device.CancelJob("j");
    }

    [Fact]
    public async Task Device_ManyCalls_NeverMoreInFlightThanTheBatchSize()
    {
        await using var h = new DeviceHarness(TestOptions.Emulated(o => o.MaxBatchSize = 3));
        var questions = Enumerable.Range(0, 20).Select(i => $"q{i}").ToArray();
        h.Device.Prepare("j", 1, JobPriority.Interactive, [Planned("mid", questions)]);
        h.Device.Submit([.. questions.Select(q => Request("j", "mid", q))]);

        await Task.WhenAll(questions.Select(q => h.Aggregation.OutcomeOf(Key(q))));

        Assert.Equal(3, h.Backend.MaxInFlight);
        Assert.Equal(20, h.Device.Status().CompletedCalls);
    }

    [Fact]
    public async Task Device_CancelRunningCall_StopsItAndReportsItCancelled()
    {
        await using var h = new DeviceHarness(TestOptions.Emulated());
        h.Device.Prepare("j", 1, JobPriority.Interactive, [Planned("slow", "q1", "q2")]);
        h.Device.Submit([Request("j", "slow", "q1"), Request("j", "slow", "q2")]);
        await h.Backend.WhenStarted(Key("q1"));

        h.Device.Cancel("j", [Key("q1")]);

        var outcome = await h.Aggregation.OutcomeOf(Key("q1"));
        Assert.Equal(CallStatus.Cancelled, outcome.Status);
        Assert.Null(outcome.Output);
        await DeviceHarness.Until(() => h.Device.Status().Running == 1, "only q2 runs");
        Assert.DoesNotContain(h.Aggregation.Outcomes, o => o.Key == Key("q2"));
        Assert.Empty(await h.Store.ReadOutputsAsync("j"));
        h.Device.CancelJob("j");
    }

    [Fact]
    public async Task Device_Withdraw_ReturnsQueuedCallsAsWithdrawnAndRunningOnesAsRunning()
    {
        await using var h = new DeviceHarness(TestOptions.Emulated(o => o.MaxBatchSize = 1));
        h.Device.Prepare("j", 1, JobPriority.Interactive, [Planned("slow", "q1", "q2", "q3")]);
        h.Device.Submit([Request("j", "slow", "q1"), Request("j", "slow", "q2"), Request("j", "slow", "q3")]);
        await h.Backend.WhenStarted(Key("q1"));

        var result = await h.Device.WithdrawAsync("j", 2);

        Assert.Equal([Key("q2"), Key("q3")], result.Withdrawn.OrderBy(k => k.QuestionId));
        Assert.Equal([Key("q1")], result.Running);
        Assert.Equal("slow", result.ResidentExpert);
        Assert.Equal(0, h.Device.Status().Queued);
        h.Device.CancelJob("j");
    }

    [Fact]
    public async Task Device_AfterWithdraw_RequestOfTheOlderGenerationIsRefused()
    {
        await using var h = new DeviceHarness(TestOptions.Emulated());
        h.Device.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1")]);
        await h.Device.WithdrawAsync("j", 2);

        Assert.Equal([SubmitResult.RefusedStaleGeneration], h.Device.Submit([Request("j", "x", "q1", generation: 1)]));
        Assert.Equal([SubmitResult.Queued], h.Device.Submit([Request("j", "x", "q1", generation: 2)]));
        Assert.Equal(2, (await h.Aggregation.OutcomeOf(Key("q1"))).Generation);
    }

    [Fact]
    public async Task Device_Withdraw_ReturnsOnlyOnceEarlierOutcomesArePersisted()
    {
        // Outcomes are otherwise held for a minute: only the withdrawal's own flush can have persisted q1.
        await using var h = new DeviceHarness(TestOptions.Emulated(o => o.OutcomeFlushMilliseconds = 60_000));
        h.Device.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1")]);
        h.Device.Submit([Request("j", "x", "q1")]);
        await DeviceHarness.Until(() => h.Device.Status().CompletedCalls == 1, "q1 completed");
        Assert.Empty(await h.Store.ReadOutputsAsync("j"));

        await h.Device.WithdrawAsync("j", 2);

        Assert.Equal(["q1"], (await h.Store.ReadOutputsAsync("j")).Select(o => o.QuestionId));
    }

    [Fact]
    public async Task Device_StarvedPlannedSession_IsSkippedReportedAndTheNextSessionRuns()
    {
        await using var h = new DeviceHarness(TestOptions.Emulated(o => o.SessionWaitSeconds = 0.2));
        h.Device.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2"), Planned("y", "q3")]);
        h.Device.Submit([Request("j", "x", "q1"), Request("j", "y", "q3")]);

        var outcome = await h.Aggregation.OutcomeOf(Key("q3"));

        Assert.Equal(CallStatus.Completed, outcome.Status);
        Assert.Equal(1, h.Device.Status().SkippedSessions);
        var skipped = Assert.Single(h.Device.Timeline("j"), e => e.Kind == TimelineKind.SkippedSession);
        Assert.Equal(("x", 1), (skipped.Expert, skipped.Calls));

        // The missing call still runs if it comes later, in an open-ended session.
        h.Device.Submit([Request("j", "x", "q2")]);
        Assert.Equal(CallStatus.Completed, (await h.Aggregation.OutcomeOf(Key("q2"))).Status);
    }

    [Fact]
    public async Task Device_ModelThatCannotLoad_FailsItsCallsAndServesTheNextSession()
    {
        await using var h = new DeviceHarness(TestOptions.Emulated());
        h.Device.Prepare("j", 1, JobPriority.Interactive, [Planned("missing", "q1"), Planned("x", "q2")]);
        h.Device.Submit([Request("j", "missing", "q1"), Request("j", "x", "q2")]);

        var failed = await h.Aggregation.OutcomeOf(Key("q1"));
        var completed = await h.Aggregation.OutcomeOf(Key("q2"));

        Assert.Equal(CallStatus.Failed, failed.Status);
        Assert.Contains("missing", failed.Error);
        Assert.Equal(CallStatus.Completed, completed.Status);
        await DeviceHarness.Until(() => h.Forwarder.Persisted == 2, "both persisted");
    }

    [Fact]
    public async Task Device_CancelJob_StopsItsRunningCallsAndRefusesLaterOnes()
    {
        await using var h = new DeviceHarness(TestOptions.Emulated());
        h.Device.Prepare("j", 1, JobPriority.Interactive, [Planned("slow", "q1", "q2")]);
        h.Device.Submit([Request("j", "slow", "q1")]);
        await h.Backend.WhenStarted(Key("q1"));

        h.Device.CancelJob("j");

        Assert.Equal(CallStatus.Cancelled, (await h.Aggregation.OutcomeOf(Key("q1"))).Status);
        Assert.Equal([SubmitResult.RefusedJobEnded], h.Device.Submit([Request("j", "slow", "q2")]));
        await DeviceHarness.Until(() => h.Device.Status() is { Running: 0, Queued: 0 }, "the device is empty");
    }

    [Fact]
    public async Task Device_Dispose_StopsRunningCallsWithoutReportingThem()
    {
        var h = new DeviceHarness(TestOptions.Emulated());
        h.Device.Prepare("j", 1, JobPriority.Interactive, [Planned("slow", "q1")]);
        h.Device.Submit([Request("j", "slow", "q1")]);
        await h.Backend.WhenStarted(Key("q1"));

        await h.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, h.Backend.InFlight);
        Assert.Empty(h.Aggregation.Outcomes);
    }

    [Fact]
    public async Task Device_AggregatorCalls_RunInTheJobsOpenEndedSessionAfterItsExpertSessions()
    {
        await using var h = new DeviceHarness(TestOptions.Emulated());
        h.Device.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1"), OpenEnded("agg")]);
        h.Device.Submit([Aggregator("j", "agg", "q0"), Request("j", "x", "q1")]);

        var aggregated = await h.Aggregation.OutcomeOf(CallKey.Aggregator("q0"));
        h.Device.Close("j");

        Assert.Equal(CallStatus.Completed, aggregated.Status);
        Assert.Equal(["x", "agg"], h.Backend.Loads);
        var stored = await WaitForStored(h, "j", 2);
        Assert.Contains(stored, s => s is { QuestionId: "q0", Slot: CallKey.AggregatorSlot });
        Assert.Contains(h.Device.Timeline("j"), e => e is { Kind: TimelineKind.AggregatorSession, Expert: "agg", Calls: 1 });
    }

    [Fact]
    public async Task Device_TensorParallelHold_KeepsTheGpuUntilCancelledAndIsNeverReported()
    {
        await using var h = new DeviceHarness(TestOptions.Emulated());
        h.Device.Prepare("j", 1, JobPriority.Interactive, [OpenEnded("agg")]);
        var hold = new InferenceRequest("j", 1, CallKey.Aggregator("hold"), "agg", "", null, Mosaic.Aggregation.Extraction.AnswerFormat.Number, null, -1, null, null,
            TensorParallelRank: 1, TensorParallelSize: 4);
        h.Device.Submit([hold]);
        await h.Backend.WhenStarted(hold.Key);

        h.Device.Submit([Request("j", "x", "q1")]);
        await Task.Delay(300);
        Assert.Equal(["agg"], h.Backend.Loads);
        Assert.Empty(h.Aggregation.Outcomes);
        h.Device.Cancel("j", [hold.Key]);

        await h.Aggregation.OutcomeOf(Key("q1"));
        await h.Forwarder.FlushAsync("j");
        Assert.Equal(["agg", "x"], h.Backend.Loads);
        Assert.DoesNotContain(h.Aggregation.Outcomes, o => o.Key == hold.Key);
        Assert.Equal(["q1"], (await h.Store.ReadOutputsAsync("j")).Select(o => o.QuestionId));
        Assert.Contains(h.Device.Timeline("j"), e => e is { Kind: TimelineKind.AggregatorSession, Expert: "agg", Calls: 1 });
    }

    private static async Task<IReadOnlyList<Storage.Jobs.StoredOutput>> WaitForStored(DeviceHarness h, string job, int count)
    {
        await DeviceHarness.Until(() => h.Store.ReadOutputsAsync(job).Result.Count >= count, $"{count} outputs stored");
        return await h.Store.ReadOutputsAsync(job);
    }
}

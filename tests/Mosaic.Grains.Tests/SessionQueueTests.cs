using Mosaic.Grains.Devices;
using Mosaic.Grains.Devices.Sessions;
using static Mosaic.Grains.Tests.Calls;
using static Mosaic.Grains.Tests.SessionQueueSteps;
using JobPriority = Mosaic.Abstractions.Jobs.JobPriority;

namespace Mosaic.Grains.Tests;

public sealed class SessionQueueTests
{
    private const int Batch = 8;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly SessionQueue _queue = new(Bound);

    [Fact]
    public void Next_Empty_IsIdle()
    {
        Assert.IsType<IdleDecision>(_queue.Next(T(0), null, Batch));
    }

    [Fact]
    public void Next_PlannedSessionWithCalls_LoadsItsExpertThenAdmitsItsCalls()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2")], T(0));
        Submit(Request("j", "x", "q1"), Request("j", "x", "q2"));

        var load = Assert.IsType<LoadDecision>(_queue.Next(T(1), null, Batch));
        Assert.Equal(("x", "j"), (load.Expert, load.JobId));
        var admit = Assert.IsType<AdmitDecision>(_queue.Next(T(2), "x", Batch));
        Assert.Equal(["q1", "q2"], admit.Requests.Select(r => r.Key.QuestionId));
        Assert.True(admit.Planned);
        Assert.Equal(2, _queue.RunningCount);
        Assert.Equal(0, _queue.QueuedCount);
    }

    [Fact]
    public void Next_AdmittedCalls_SayHowLongEachWaitedSinceItArrived()
    {
        Submit(T(1), Request("j", "x", "q1")); // before its plan: the plan moves it into its session, arrival kept
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2")], T(2));
        Submit(T(3), Request("j", "x", "q2"));
        Assert.Equal(SubmitResult.Duplicate, _queue.Submit(Request("j", "x", "q1"), T(4))); // takes the queued copy's place and arrival

        Assert.IsType<LoadDecision>(_queue.Next(T(5), null, Batch));
        var admit = Assert.IsType<AdmitDecision>(_queue.Next(T(10), "x", Batch));
        Assert.Equal([("q1", T(9)), ("q2", T(7))], admit.Requests.Select((r, i) => (r.Key.QuestionId, admit.Waited[i])));
    }

    [Fact]
    public void Next_TwoJobs_ServedByFirstPrepareThenPlanOrder()
    {
        _queue.Prepare("a", 1, JobPriority.Interactive, [Planned("x", "a1"), Planned("y", "a2")], T(0));
        _queue.Prepare("b", 1, JobPriority.Interactive, [Planned("z", "b1")], T(0));
        Submit(Request("b", "z", "b1"), Request("a", "y", "a2"), Request("a", "x", "a1"));

        Assert.Equal(["x", "y", "z"], Drain("x").Select(a => a.Expert));
    }

    [Fact]
    public void Next_PlannedSessionMissingACall_BlocksLaterSessionsAndWaitsUntilTheBound()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2"), Planned("y", "q3")], T(0));
        Submit(Request("j", "x", "q1"), Request("j", "y", "q3"));
        RunAll("x", T(1));

        var wait = Assert.IsType<WaitDecision>(_queue.Next(T(2), "x", Batch));
        Assert.Equal(T(1) + Bound, wait.Until);
        Assert.Equal(1, _queue.QueuedCount);

        Submit(T(3), Request("j", "x", "q2"));
        var admit = Assert.IsType<AdmitDecision>(_queue.Next(T(3), "x", Batch));
        Assert.Equal("q2", admit.Requests.Single().Key.QuestionId);
        Finish(admit);
        Assert.Equal("y", Assert.IsType<LoadDecision>(_queue.Next(T(4), "x", Batch)).Expert);
    }

    [Fact]
    public void Cancel_MissingCallOfPlannedSession_UnblocksTheNextSession()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2"), Planned("y", "q3")], T(0));
        Submit(Request("j", "x", "q1"), Request("j", "y", "q3"));
        RunAll("x", T(1));
        Assert.IsType<WaitDecision>(_queue.Next(T(2), "x", Batch));

        _queue.Cancel("j", [Key("q2")]);

        Assert.Equal("y", Assert.IsType<LoadDecision>(_queue.Next(T(2), "x", Batch)).Expert);
    }

    [Fact]
    public void Next_StarvedPlannedSession_IsSkippedAfterTheBoundWithItsMissingCalls()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2", "q3"), Planned("y", "q4")], T(0));
        Submit(T(5), Request("j", "x", "q1"), Request("j", "y", "q4"));
        RunAll("x", T(5));

        Assert.IsType<WaitDecision>(_queue.Next(T(64), "x", Batch));
        var skip = Assert.IsType<SkipDecision>(_queue.Next(T(65), "x", Batch));

        Assert.Equal(("j", "x"), (skip.JobId, skip.Expert));
        Assert.Equal([Key("q2"), Key("q3")], skip.Missing.OrderBy(k => k.QuestionId));
        Assert.Equal(T(5), skip.WaitingSince);
        Assert.Equal("y", Assert.IsType<LoadDecision>(_queue.Next(T(65), "x", Batch)).Expert);
    }

    [Fact]
    public void Next_LaterSessionOfADeadJob_IsSkippedAsSoonAsItBlocks()
    {
        // The second session was prepared long ago and none of its calls ever came: no second full wait.
        _queue.Prepare("dead", 1, JobPriority.Interactive, [Planned("x", "q1"), Planned("y", "q2")], T(0));
        Assert.IsType<WaitDecision>(_queue.Next(T(1), null, Batch));
        Assert.IsType<SkipDecision>(_queue.Next(T(60), null, Batch));

        var second = Assert.IsType<SkipDecision>(_queue.Next(T(60), null, Batch));

        Assert.Equal("y", second.Expert);
        Assert.IsType<IdleDecision>(_queue.Next(T(60), null, Batch));
    }

    [Fact]
    public void Submit_CallOfASkippedSession_GoesToAnOpenEndedSession()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1")], T(0));
        Assert.IsType<SkipDecision>(_queue.Next(T(60), null, Batch));

        Assert.Equal(SubmitResult.Queued, _queue.Submit(Request("j", "x", "q1"), T(70)));

        var load = Assert.IsType<LoadDecision>(_queue.Next(T(70), null, Batch));
        var admit = Assert.IsType<AdmitDecision>(_queue.Next(T(71), load.Expert, Batch));
        Assert.False(admit.Planned);
        Assert.Equal("q1", admit.Requests.Single().Key.QuestionId);
    }

    [Fact]
    public void Next_IdleOpenEndedSession_YieldsToTheNextJob()
    {
        _queue.Prepare("a", 1, JobPriority.Interactive, [Planned("x", "a1"), OpenEnded("agg")], T(0));
        _queue.Prepare("b", 1, JobPriority.Interactive, [Planned("y", "b1")], T(0));
        Submit(Request("a", "x", "a1"), Request("b", "y", "b1"));
        RunAll("x", T(1));

        Assert.Equal("y", Assert.IsType<LoadDecision>(_queue.Next(T(2), "x", Batch)).Expert);
    }

    [Fact]
    public void Next_OpenEndedSessionWithCalls_RunsBeforeTheNextJobsSessions()
    {
        _queue.Prepare("a", 1, JobPriority.Interactive, [Planned("x", "a1"), OpenEnded("agg")], T(0));
        _queue.Prepare("b", 1, JobPriority.Interactive, [Planned("y", "b1")], T(0));
        Submit(Request("a", "x", "a1"), Request("b", "y", "b1"), Aggregator("a", "agg", "a0"));
        RunAll("x", T(1));

        Assert.Equal("agg", Assert.IsType<LoadDecision>(_queue.Next(T(2), "x", Batch)).Expert);
    }

    [Fact]
    public void Next_AggregatorCallsOfAnEarlierJob_RunWhileALaterPlannedSessionWaitsForCalls()
    {
        _queue.Prepare("a", 1, JobPriority.Interactive, [OpenEnded("agg")], T(0));
        _queue.Prepare("b", 1, JobPriority.Interactive, [Planned("y", "b1")], T(0));
        Submit(Aggregator("a", "agg", "a0"));

        Assert.Equal("agg", Assert.IsType<LoadDecision>(_queue.Next(T(1), null, Batch)).Expert);
    }

    [Fact]
    public void Next_ExpertSessionsDone_AggregatesWhileNothingElseIsQueued()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1"), OpenEnded("agg")], T(0));
        Submit(Request("j", "x", "q1"));
        RunAll("x", T(1));
        Assert.IsType<IdleDecision>(_queue.Next(T(2), "x", Batch));

        Submit(T(3), Aggregator("j", "agg", "q1"));

        Assert.Equal("agg", Assert.IsType<LoadDecision>(_queue.Next(T(3), "x", Batch)).Expert);
    }

    [Fact]
    public void Submit_UnplannedCall_GoesToAnOpenEndedSessionAtTheJobsEnd()
    {
        _queue.Prepare("a", 1, JobPriority.Interactive, [Planned("x", "a1")], T(0));
        _queue.Prepare("b", 1, JobPriority.Interactive, [Planned("z", "b1")], T(0));
        Submit(Request("b", "z", "b1"), Request("a", "y", "extra"), Request("a", "x", "a1"));

        var order = Drain("x");

        Assert.Equal(["x", "y", "z"], order.Select(a => a.Expert));
        Assert.False(order[1].Planned);
    }

    [Fact]
    public void Next_RunningSession_LateArrivalJoinsAtOnce()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2", "q3")], T(0));
        Submit(Request("j", "x", "q1"));
        var first = Assert.IsType<AdmitDecision>(_queue.Next(T(1), "x", Batch));

        Submit(T(2), Request("j", "x", "q2"));
        var joined = Assert.IsType<AdmitDecision>(_queue.Next(T(2), "x", Batch));

        Assert.Equal(first.SessionId, joined.SessionId);
        Assert.Equal("q2", joined.Requests.Single().Key.QuestionId);
        Assert.Equal(2, _queue.RunningCount);
    }

    [Fact]
    public void Next_RunningOpenEndedSession_LateArrivalJoinsBeforeAnEarlierSessionGetsTheDevice()
    {
        // The aggregator of job a runs; job b (later) is waiting; a new aggregator call joins the running batch.
        _queue.Prepare("a", 1, JobPriority.Interactive, [OpenEnded("agg")], T(0));
        Submit(Aggregator("a", "agg", "q1"));
        Assert.IsType<LoadDecision>(_queue.Next(T(0), null, Batch));
        Assert.IsType<AdmitDecision>(_queue.Next(T(1), "agg", Batch));
        _queue.Prepare("b", 1, JobPriority.Interactive, [Planned("y", "b1")], T(1));
        Submit(T(2), Request("b", "y", "b1"), Aggregator("a", "agg", "q2"));

        var joined = Assert.IsType<AdmitDecision>(_queue.Next(T(2), "agg", Batch));

        Assert.Equal("q2", joined.Requests.Single().Key.QuestionId);
    }

    [Fact]
    public void Next_FullBatch_AdmitsNoMoreUntilACallFinishes()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2", "q3")], T(0));
        Submit(Request("j", "x", "q1"), Request("j", "x", "q2"), Request("j", "x", "q3"));

        var admit = Assert.IsType<AdmitDecision>(_queue.Next(T(1), "x", 2));
        Assert.Equal(2, admit.Requests.Count);
        Assert.IsType<IdleDecision>(_queue.Next(T(1), "x", 2));

        _queue.Finished("j", admit.Requests[0].Key);
        var next = Assert.IsType<AdmitDecision>(_queue.Next(T(2), "x", 2));
        Assert.Equal("q3", next.Requests.Single().Key.QuestionId);
    }

    [Fact]
    public void Next_NextSessionNeedsAnotherModel_NoLoadWhileCallsRun()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1"), Planned("y", "q2")], T(0));
        Submit(Request("j", "x", "q1"), Request("j", "y", "q2"));
        var admit = Assert.IsType<AdmitDecision>(_queue.Next(T(1), "x", Batch));

        Assert.IsType<IdleDecision>(_queue.Next(T(2), "x", Batch));

        Finish(admit);
        Assert.Equal("y", Assert.IsType<LoadDecision>(_queue.Next(T(3), "x", Batch)).Expert);
    }

    [Theory]
    [InlineData("x", "x")]
    [InlineData("agg", "agg")]
    [InlineData(null, "agg")]
    public void Next_SessionsAllowedToRun_PreferTheResidentExpert(string? resident, string expected)
    {
        // Job a's aggregator calls and job b's first session may both run: the resident model goes first, else order.
        _queue.Prepare("a", 1, JobPriority.Interactive, [OpenEnded("agg")], T(0));
        _queue.Prepare("b", 1, JobPriority.Interactive, [Planned("x", "b1")], T(0));
        Submit(Aggregator("a", "agg", "a1"), Request("b", "x", "b1"));

        var decision = _queue.Next(T(1), resident, Batch);

        Assert.Equal(expected, resident == expected
            ? Assert.IsType<AdmitDecision>(decision).Expert
            : Assert.IsType<LoadDecision>(decision).Expert);
    }

    [Fact]
    public void Next_ResidentExpertBehindABlockingPlannedSession_IsNotPreferred()
    {
        _queue.Prepare("a", 1, JobPriority.Interactive, [Planned("y", "a1")], T(0));
        _queue.Prepare("b", 1, JobPriority.Interactive, [Planned("x", "b1")], T(0));
        Submit(Request("a", "y", "a1"), Request("b", "x", "b1"));

        Assert.Equal("y", Assert.IsType<LoadDecision>(_queue.Next(T(1), "x", Batch)).Expert);
    }

    [Fact]
    public void Cancel_RemovesQueuedReturnsRunningAndRefusesCallsNotYetArrived()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2", "q3")], T(0));
        Submit(Request("j", "x", "q1"));
        Assert.IsType<AdmitDecision>(_queue.Next(T(1), "x", Batch));
        Submit(T(1), Request("j", "x", "q2"));

        var result = _queue.Cancel("j", [Key("q1"), Key("q2"), Key("q3")]);

        Assert.Equal([Key("q2")], result.Removed);
        Assert.Equal([Key("q1")], result.Running);
        Assert.Equal(0, _queue.QueuedCount);
        Assert.Equal(SubmitResult.RefusedCancelledCall, _queue.Submit(Request("j", "x", "q3"), T(2)));
    }

    [Fact]
    public void Withdraw_TakesQueuedExpertCallsAndNotStartedSessions_ReportsKeptAggregatorCallsWithRunning()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2"), Planned("y", "q3"), OpenEnded("agg")], T(0));
        Submit(Request("j", "x", "q1"));
        var running = Assert.IsType<AdmitDecision>(_queue.Next(T(1), "x", Batch));
        Submit(T(1), Request("j", "x", "q2"), Request("j", "y", "q3"), Aggregator("j", "agg", "q0"));

        var withdrawal = _queue.Withdraw("j", 2, T(2));

        Assert.Equal([Key("q2"), Key("q3")], withdrawal.Withdrawn.OrderBy(k => k.QuestionId));
        Assert.Equal([Key("q1"), CallKey.Aggregator("q0")], withdrawal.Running);
        Assert.Equal(1, _queue.QueuedCount);
        Finish(running);
        var load = Assert.IsType<LoadDecision>(_queue.Next(T(3), "x", Batch));
        Assert.Equal("agg", load.Expert);
        Assert.True(Assert.IsType<AdmitDecision>(_queue.Next(T(3), "agg", Batch)).Requests.Single().Key.IsAggregator);
    }

    [Fact]
    public void Withdraw_StartedSessionStopsWaitingForItsMissingCalls()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2"), Planned("y", "q3")], T(0));
        Submit(Request("j", "x", "q1"));
        RunAll("x", T(1));

        _queue.Withdraw("j", 2, T(2));
        _queue.Prepare("j", 2, JobPriority.Interactive, [Planned("y", "q3")], T(2));
        Submit(T(2), Request("j", "y", "q3", generation: 2));

        Assert.Equal("y", Assert.IsType<LoadDecision>(_queue.Next(T(2), "x", Batch)).Expert);
    }

    [Fact]
    public void Submit_AfterWithdraw_OlderGenerationIsRefused()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2")], T(0));
        _queue.Withdraw("j", 2, T(1));

        Assert.Equal(SubmitResult.RefusedStaleGeneration, _queue.Submit(Request("j", "x", "q1", generation: 1), T(2)));
        Assert.Equal(SubmitResult.Queued, _queue.Submit(Request("j", "x", "q1", generation: 2), T(2)));
    }

    [Fact]
    public void Withdraw_RepeatedForTheSameGeneration_LeavesTheNewPlanAlone()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1")], T(0));
        Submit(Request("j", "x", "q1"));
        Assert.Equal([Key("q1")], _queue.Withdraw("j", 2, T(1)).Withdrawn);
        _queue.Prepare("j", 2, JobPriority.Interactive, [Planned("x", "q1")], T(1));
        Submit(T(1), Request("j", "x", "q1", generation: 2));

        Assert.Empty(_queue.Withdraw("j", 2, T(2)).Withdrawn);
        Assert.Equal(1, _queue.QueuedCount);
    }

    [Fact]
    public void Prepare_NewerGeneration_DropsTheOlderGenerationsQueuedExpertCalls()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2")], T(0));
        Submit(Request("j", "x", "q1"), Request("j", "x", "q2"));

        _queue.Prepare("j", 2, JobPriority.Interactive, [Planned("x", "q2")], T(1));

        Assert.Equal(0, _queue.QueuedCount);
        Assert.Equal(SubmitResult.Queued, _queue.Submit(Request("j", "x", "q2", generation: 2), T(2)));
        Assert.Equal(["q2"], Drain("x").SelectMany(a => a.Requests).Select(r => r.Key.QuestionId));
    }

    [Fact]
    public void Prepare_StaleGeneration_IsIgnored()
    {
        _queue.Prepare("j", 2, JobPriority.Interactive, [Planned("x", "q1")], T(0));

        Assert.False(_queue.Prepare("j", 1, JobPriority.Interactive, [Planned("y", "q9")], T(1)));
        Submit(T(1), Request("j", "x", "q1", generation: 2));
        Assert.Equal("x", Assert.IsType<LoadDecision>(_queue.Next(T(1), null, Batch)).Expert);
    }

    [Fact]
    public void Prepare_SameGenerationAgain_ReplacesNotStartedSessionsAndRoutesTheirCallsAgain()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1"), Planned("y", "q2", "q3")], T(0));
        Submit(Request("j", "x", "q1"), Request("j", "y", "q2"));
        var running = Assert.IsType<AdmitDecision>(_queue.Next(T(1), "x", Batch));

        Assert.True(_queue.Prepare("j", 1, JobPriority.Interactive, [Planned("y", "q2")], T(2)));
        Finish(running);

        // q3 is no longer expected: the new y session holds q2 and runs without waiting.
        Assert.Equal("y", Assert.IsType<LoadDecision>(_queue.Next(T(3), "x", Batch)).Expert);
        var admit = Assert.IsType<AdmitDecision>(_queue.Next(T(3), "y", Batch));
        Assert.Equal("q2", admit.Requests.Single().Key.QuestionId);
        Assert.True(admit.Planned);
    }

    [Fact]
    public void Prepare_CallThatArrivedBeforeThePlan_JoinsItsPlannedSession()
    {
        Submit(Request("j", "x", "q1"));
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2")], T(1));

        Assert.Equal(1, _queue.QueuedCount);
        var admit = Assert.IsType<AdmitDecision>(_queue.Next(T(1), "x", Batch));

        Assert.True(admit.Planned);
        Assert.Equal("q1", admit.Requests.Single().Key.QuestionId);
    }

    [Fact]
    public void Submit_DuplicateOfAQueuedOrRunningCall_IsNotQueuedTwice()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2")], T(0));
        Submit(Request("j", "x", "q1"));
        Assert.IsType<AdmitDecision>(_queue.Next(T(1), "x", Batch));
        Submit(T(1), Request("j", "x", "q2"));

        Assert.Equal(SubmitResult.Duplicate, _queue.Submit(Request("j", "x", "q1"), T(2)));
        Assert.Equal(SubmitResult.Duplicate, _queue.Submit(Request("j", "x", "q2"), T(2)));
        Assert.Equal(1, _queue.QueuedCount);
        Assert.Equal(1, _queue.RunningCount);
    }

    [Fact]
    public void CancelJob_DropsQueuedCallsReturnsRunningAndRefusesLaterRequests()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2", "q3")], T(0));
        Submit(Request("j", "x", "q1"));
        var admit = Assert.IsType<AdmitDecision>(_queue.Next(T(1), "x", Batch));
        Submit(T(1), Request("j", "x", "q2"));

        Assert.Equal([Key("q1")], _queue.CancelJob("j"));

        Assert.Equal((0, 0), (_queue.QueuedCount, _queue.JobCount));
        Assert.Equal(SubmitResult.RefusedJobEnded, _queue.Submit(Request("j", "x", "q3"), T(2)));
        Assert.False(_queue.Prepare("j", 2, JobPriority.Interactive, [Planned("x", "q3")], T(2)));
        Assert.IsType<IdleDecision>(_queue.Next(T(2), "x", Batch));
        Finish(admit);
        Assert.IsType<IdleDecision>(_queue.Next(T(3), "x", Batch));
    }

    [Fact]
    public void CancelJob_WhileItsCallsStop_NextJobLoadsOnlyAfterThey()
    {
        _queue.Prepare("a", 1, JobPriority.Interactive, [Planned("x", "a1")], T(0));
        _queue.Prepare("b", 1, JobPriority.Interactive, [Planned("y", "b1")], T(0));
        Submit(Request("a", "x", "a1"), Request("b", "y", "b1"));
        var admit = Assert.IsType<AdmitDecision>(_queue.Next(T(1), "x", Batch));

        _queue.CancelJob("a");
        Assert.IsType<IdleDecision>(_queue.Next(T(2), "x", Batch));

        Finish(admit);
        Assert.Equal("y", Assert.IsType<LoadDecision>(_queue.Next(T(3), "x", Batch)).Expert);
    }

    [Fact]
    public void Close_PlannedSessionsStopWaitingOpenEndedEndOnceEmptyAndLaterRequestsAreRefused()
    {
        _queue.Prepare("a", 1, JobPriority.Interactive, [Planned("x", "a1", "a2"), OpenEnded("agg")], T(0));
        _queue.Prepare("b", 1, JobPriority.Interactive, [Planned("y", "b1")], T(0));
        Submit(Request("a", "x", "a1"), Aggregator("a", "agg", "a0"), Request("b", "y", "b1"));
        RunAll("x", T(1));

        _queue.Close("a");

        Assert.Equal(SubmitResult.RefusedJobEnded, _queue.Submit(Request("a", "x", "a2"), T(2)));
        Assert.Equal(["agg", "y"], Drain("x").Select(a => a.Expert));
        Assert.IsType<IdleDecision>(_queue.Next(T(3), "y", Batch));
    }

    [Fact]
    public void DropSession_AfterAFailedLoad_ReturnsItsCallsAndMovesOn()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2"), Planned("y", "q3")], T(0));
        Submit(Request("j", "x", "q1"), Request("j", "y", "q3"));
        var load = Assert.IsType<LoadDecision>(_queue.Next(T(1), null, Batch));

        var dropped = _queue.DropSession(load.SessionId);

        Assert.Equal([Key("q1")], dropped.Select(r => r.Key));
        Assert.Equal("y", Assert.IsType<LoadDecision>(_queue.Next(T(1), null, Batch)).Expert);
    }

    [Fact]
    public void Next_BatchSizeBelowOne_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>("batchSize", () => _queue.Next(T(0), null, 0));
    }

    [Fact]
    public void Next_LateArrivalsWhileCallsRun_FillOnlyTheFreeBatchSlots()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2", "q3", "q4")], T(0));
        Submit(Request("j", "x", "q1"));
        Assert.IsType<AdmitDecision>(_queue.Next(T(1), "x", 3));
        Submit(T(2), Request("j", "x", "q2"), Request("j", "x", "q3"), Request("j", "x", "q4"));

        var joined = Assert.IsType<AdmitDecision>(_queue.Next(T(2), "x", 3));

        Assert.Equal(["q2", "q3"], joined.Requests.Select(r => r.Key.QuestionId));
        Assert.Equal((3, 1), (_queue.RunningCount, _queue.QueuedCount));
    }

    [Fact]
    public void Next_DrainedSessionGetsACallAgain_WaitsBehindAnEarlierSessionThatNowBlocks()
    {
        // Job b's aggregator session ran and drained; job a (served first) is re-planned and waits for a call. A new
        // aggregator call of b must not bypass a's planned session just because b's session ran last.
        _queue.Prepare("a", 1, JobPriority.Interactive, [Planned("x", "a1")], T(0));
        _queue.Prepare("b", 1, JobPriority.Interactive, [OpenEnded("agg")], T(0));
        Submit(Request("a", "x", "a1"), Aggregator("b", "agg", "b1"));
        Assert.Equal(["x", "agg"], Drain("x").Select(a => a.Expert));
        Assert.IsType<IdleDecision>(_queue.Next(T(1), "agg", Batch));

        _queue.Prepare("a", 2, JobPriority.Interactive, [Planned("x", "a2")], T(2));
        Submit(T(2), Aggregator("b", "agg", "b2"));

        Assert.Equal(T(2) + Bound, Assert.IsType<WaitDecision>(_queue.Next(T(3), "agg", Batch)).Until);
    }

    [Fact]
    public void Next_TwoSessionsOfTheResidentExpertMayRun_TheEarlierJobsGoesFirst()
    {
        _queue.Prepare("a", 1, JobPriority.Interactive, [OpenEnded("agg")], T(0));
        _queue.Prepare("b", 1, JobPriority.Interactive, [OpenEnded("agg")], T(0));
        _queue.Prepare("c", 1, JobPriority.Interactive, [Planned("x", "c1")], T(0));
        Submit(Aggregator("b", "agg", "b1"), Aggregator("a", "agg", "a1"), Request("c", "x", "c1"));

        var admit = Assert.IsType<AdmitDecision>(_queue.Next(T(1), "agg", Batch));

        Assert.Equal("a", admit.JobId);
    }

    [Fact]
    public void Next_PlannedSessionAdmittedLate_WaitBoundCountsFromItsLastAdmission()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2")], T(0));
        Submit(Request("j", "x", "q1"));
        RunAll("x", T(30));

        Assert.Equal(T(30) + Bound, Assert.IsType<WaitDecision>(_queue.Next(T(60), "x", Batch)).Until);
        Assert.IsType<SkipDecision>(_queue.Next(T(90), "x", Batch));
    }

    [Fact]
    public void Next_PlannedSessionWhoseCallArrivedThenWasCancelled_WaitsFromTheArrival()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2")], T(0));
        Submit(T(50), Request("j", "x", "q1"));
        _queue.Cancel("j", [Key("q1")]);

        Assert.Equal(T(50) + Bound, Assert.IsType<WaitDecision>(_queue.Next(T(60), "x", Batch)).Until);
    }

    [Fact]
    public void Next_ClosedJobWhoseSessionsEnded_IsForgotten()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1"), OpenEnded("agg")], T(0));
        Submit(Request("j", "x", "q1"));
        Drain("x");
        Assert.Equal(1, _queue.JobCount);

        _queue.Close("j");
        Assert.IsType<IdleDecision>(_queue.Next(T(1), "x", Batch));

        Assert.Equal(0, _queue.JobCount);
    }

    [Fact]
    public void Next_OpenJobWhoseSessionsEnded_KeepsRefusingOlderGenerationsAndCancelledCalls()
    {
        _queue.Prepare("j", 2, JobPriority.Interactive, [Planned("x", "q1")], T(0));
        _queue.Cancel("j", [Key("q9")]);
        Submit(Request("j", "x", "q1", generation: 2));
        Drain("x");
        Assert.IsType<IdleDecision>(_queue.Next(T(1), "x", Batch));

        Assert.Equal(1, _queue.JobCount);
        Assert.Equal(SubmitResult.RefusedStaleGeneration, _queue.Submit(Request("j", "x", "q5", generation: 1), T(2)));
        Assert.Equal(SubmitResult.RefusedCancelledCall, _queue.Submit(Request("j", "x", "q9", generation: 2), T(2)));
    }

    [Fact]
    public void Prepare_SameGenerationWhileASessionRuns_KeepsTheStartedSessionBlockingForItsMissingCall()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2"), Planned("y", "q3")], T(0));
        Submit(Request("j", "x", "q1"), Request("j", "y", "q3"));
        var running = Assert.IsType<AdmitDecision>(_queue.Next(T(1), "x", Batch));

        Assert.True(_queue.Prepare("j", 1, JobPriority.Interactive, [Planned("y", "q3")], T(2)));
        Finish(running);

        Assert.IsType<WaitDecision>(_queue.Next(T(3), "x", Batch));
        Submit(T(4), Request("j", "x", "q2"));
        var admit = Assert.IsType<AdmitDecision>(_queue.Next(T(4), "x", Batch));
        Assert.Equal((running.SessionId, "q2"), (admit.SessionId, admit.Requests.Single().Key.QuestionId));
        Assert.Equal(1, _queue.QueuedCount);
    }

    [Fact]
    public void Prepare_SameGenerationWithoutAQueuedCall_RoutesThatCallToAnOpenEndedSession()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2")], T(0));
        Submit(Request("j", "x", "q1"), Request("j", "x", "q2"));

        Assert.True(_queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1")], T(1)));

        Assert.Equal(2, _queue.QueuedCount);
        var order = Drain("x");
        Assert.Equal([(true, "q1"), (false, "q2")], order.Select(a => (a.Planned, a.Requests.Single().Key.QuestionId)));
    }

    [Fact]
    public void Prepare_OpenEndedSessionInThePlan_KeepsItsQueuedCallsAheadOfUnplannedSessions()
    {
        // Before the plan: an unplanned y call, then an aggregator call (two open-ended sessions, y first).
        Submit(Request("j", "y", "extra"), Aggregator("j", "agg", "a0"));

        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1"), OpenEnded("agg")], T(1));
        Submit(T(1), Request("j", "x", "q1"));

        Assert.Contains(new ExpertDepth("agg", 1, 0), _queue.Depths(["agg"]));
        Assert.Equal(["x", "agg", "y"], Drain(null).Select(a => a.Expert));
    }

    [Fact]
    public void Prepare_OpenEndedSessionInThePlan_IsCreatedAheadOfUnplannedSessions()
    {
        Submit(Request("j", "y", "extra"));

        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1"), OpenEnded("agg")], T(1));
        Submit(T(1), Request("j", "x", "q1"), Aggregator("j", "agg", "a0"));

        Assert.Equal(["x", "agg", "y"], Drain(null).Select(a => a.Expert));
    }

    [Fact]
    public void Prepare_CallInTwoPlannedSessions_OnlyTheFirstExpectsIt()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1"), Planned("y", "q1", "q2")], T(0));
        Submit(Request("j", "x", "q1"), Request("j", "y", "q2"));

        Assert.Equal(["x", "y"], Drain(null).Select(a => a.Expert));
        Assert.IsType<IdleDecision>(_queue.Next(T(1), "y", Batch));
    }

    [Fact]
    public void Prepare_CallCancelledBeforeThePlan_IsNotExpected()
    {
        _queue.Cancel("j", [Key("q2")]);
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2"), Planned("y", "q3")], T(0));
        Submit(Request("j", "x", "q1"), Request("j", "y", "q3"));

        Assert.Equal(["x", "y"], Drain(null).Select(a => a.Expert));
    }

    [Fact]
    public void Prepare_NewGenerationWhileACallRuns_DoesNotExpectThatCallAgain()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1"), Planned("y", "q2")], T(0));
        Submit(Request("j", "x", "q1"), Request("j", "y", "q2"));
        var running = Assert.IsType<AdmitDecision>(_queue.Next(T(1), "x", Batch));

        _queue.Prepare("j", 2, JobPriority.Interactive, [Planned("x", "q1"), Planned("y", "q2")], T(2));
        Submit(T(2), Request("j", "y", "q2", generation: 2));
        Finish(running);

        Assert.Equal("y", Assert.IsType<LoadDecision>(_queue.Next(T(3), "x", Batch)).Expert);
    }

    [Fact]
    public void Prepare_CallMovedOutOfAStartedSession_NoLongerBlocksIt()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2")], T(0));
        Submit(Request("j", "x", "q1"));
        var running = Assert.IsType<AdmitDecision>(_queue.Next(T(1), "x", Batch));

        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("y", "q2")], T(2));
        Submit(T(2), Request("j", "y", "q2"));
        Finish(running);

        Assert.Equal("y", Assert.IsType<LoadDecision>(_queue.Next(T(3), "x", Batch)).Expert);
    }

    [Fact]
    public void Submit_NewerGeneration_WithdrawsTheOlderGenerationsQueuedCallsFirst()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2")], T(0));
        Submit(Request("j", "x", "q1"));

        Assert.Equal(SubmitResult.Queued, _queue.Submit(Request("j", "x", "q2", generation: 2), T(1)));

        Assert.Equal(1, _queue.QueuedCount);
        Assert.Equal(SubmitResult.RefusedStaleGeneration, _queue.Submit(Request("j", "x", "q1", generation: 1), T(2)));
        var order = Drain("x");
        Assert.Equal([(false, "q2")], order.Select(a => (a.Planned, a.Requests.Single().Key.QuestionId)));
    }

    [Fact]
    public void Submit_DuplicateOfAQueuedCall_TheNewerCopyRunsInItsPlace()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2")], T(0));
        Submit(Request("j", "x", Key("q1"), maxNewTokens: 10), Request("j", "x", "q2"));

        Assert.Equal(SubmitResult.Duplicate, _queue.Submit(Request("j", "x", Key("q1"), maxNewTokens: 20), T(1)));

        var admit = Assert.IsType<AdmitDecision>(_queue.Next(T(2), "x", Batch));
        Assert.Equal(new (string, int?)[] { ("q1", 20), ("q2", null) }, admit.Requests.Select(r => (r.Key.QuestionId, r.MaxNewTokens)));
    }

    [Fact]
    public void Submit_CallForAnotherExpertThanItsPlannedSession_DoesNotRunInThatSession()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1")], T(0));

        Assert.Equal(SubmitResult.Queued, _queue.Submit(Request("j", "y", "q1"), T(1)));

        Assert.IsType<WaitDecision>(_queue.Next(T(2), null, Batch));
        Assert.Equal([new ExpertDepth("x", 0, 0), new ExpertDepth("y", 1, 0)], _queue.Depths(["x", "y"]));
    }

    [Fact]
    public void Cancel_QueuedCall_IsNeverAdmitted()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2")], T(0));
        Submit(Request("j", "x", "q1"), Request("j", "x", "q2"));

        Assert.Equal([Key("q1")], _queue.Cancel("j", [Key("q1")]).Removed);

        var admit = Assert.IsType<AdmitDecision>(_queue.Next(T(1), "x", Batch));
        Assert.Equal(["q2"], admit.Requests.Select(r => r.Key.QuestionId));
    }

    [Fact]
    public void Cancel_AfterTheJobWasCancelled_ReturnsItsRunningCallsAndKeepsNoState()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2")], T(0));
        Submit(Request("j", "x", "q1"), Request("j", "x", "q2"));
        Assert.IsType<AdmitDecision>(_queue.Next(T(1), "x", Batch));
        _queue.CancelJob("j");

        var result = _queue.Cancel("j", [Key("q1")]);

        Assert.Empty(result.Removed);
        Assert.Equal([Key("q1"), Key("q2")], result.Running.OrderBy(k => k.QuestionId));
        Assert.Equal(0, _queue.JobCount);
    }

    [Fact]
    public void Withdraw_AfterTheJobWasCancelled_ReturnsItsRunningCallsAndKeepsNoState()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1")], T(0));
        Submit(Request("j", "x", "q1"));
        Assert.IsType<AdmitDecision>(_queue.Next(T(1), "x", Batch));
        _queue.CancelJob("j");

        var withdrawal = _queue.Withdraw("j", 2, T(2));

        Assert.Equal((0, 1), (withdrawal.Withdrawn.Count, withdrawal.Running.Count));
        Assert.Equal(0, _queue.JobCount);
    }

    [Fact]
    public void Withdraw_NotStartedPlannedSessionOfAnOlderGeneration_NoLongerBlocksLaterJobs()
    {
        _queue.Prepare("a", 1, JobPriority.Interactive, [Planned("x", "a1")], T(0));
        _queue.Prepare("b", 1, JobPriority.Interactive, [Planned("y", "b1")], T(0));
        Submit(Request("b", "y", "b1"));
        Assert.IsType<WaitDecision>(_queue.Next(T(1), null, Batch));

        _queue.Withdraw("a", 2, T(2));

        Assert.Equal("y", Assert.IsType<LoadDecision>(_queue.Next(T(2), null, Batch)).Expert);
    }

    [Fact]
    public void Withdraw_AggregatorSessionBeingLoaded_StaysTheSessionTheLoadNamed()
    {
        // The device loads for the session a LoadDecision named and drops that session if the load fails.
        _queue.Prepare("j", 1, JobPriority.Interactive, [OpenEnded("agg")], T(0));
        Submit(Aggregator("j", "agg", "q0"));
        var load = Assert.IsType<LoadDecision>(_queue.Next(T(1), null, Batch));

        _queue.Withdraw("j", 2, T(2));

        Assert.Equal([CallKey.Aggregator("q0")], _queue.DropSession(load.SessionId).Select(r => r.Key));
        Assert.Equal(0, _queue.QueuedCount);
    }

    [Fact]
    public void DropSession_ItsCallsSentAgain_AreQueuedAnew()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2")], T(0));
        Submit(Request("j", "x", "q1"));
        var load = Assert.IsType<LoadDecision>(_queue.Next(T(1), null, Batch));
        Assert.Single(_queue.DropSession(load.SessionId));

        Assert.Equal(SubmitResult.Queued, _queue.Submit(Request("j", "x", "q1"), T(2)));

        Assert.Equal(1, _queue.QueuedCount);
        Assert.Empty(_queue.DropSession(load.SessionId));
    }

    [Fact]
    public void Depths_QueuedAndRunningCalls_CountedPerExpertListedOnesAtZero()
    {
        _queue.Prepare("j", 1, JobPriority.Interactive, [Planned("x", "q1", "q2", "q3"), Planned("w", "q9")], T(0));
        Submit(Request("j", "x", "q1"), Request("j", "x", "q2"), Request("j", "x", "q3"), Request("j", "y", "extra"));
        Assert.IsType<AdmitDecision>(_queue.Next(T(1), "x", 1));

        var depths = _queue.Depths(["x", "z"]);

        Assert.Equal(
            [new ExpertDepth("x", 2, 1), new ExpertDepth("y", 1, 0), new ExpertDepth("z", 0, 0)],
            depths.OrderBy(d => d.Expert, StringComparer.Ordinal));
    }

    [Fact]
    public void Next_ResidentExpertQueuedBeforeABlockingPlannedSession_GoesFirst()
    {
        _queue.Prepare("a", 1, JobPriority.Interactive, [OpenEnded("agg")], T(0));
        Submit(Aggregator("a", "agg", "a1"), Request("b", "y", "b1"));
        _queue.Prepare("c", 1, JobPriority.Interactive, [Planned("x", "c1")], T(0));

        var admit = Assert.IsType<AdmitDecision>(_queue.Next(T(1), "y", Batch));

        Assert.Equal(("b", "y"), (admit.JobId, admit.Expert));
    }

    [Fact]
    public void Next_OnlyOpenEndedSessionsQueued_TheResidentExpertGoesFirst()
    {
        _queue.Prepare("a", 1, JobPriority.Interactive, [OpenEnded("agg")], T(0));
        Submit(Aggregator("a", "agg", "a1"), Request("b", "y", "b1"));

        var admit = Assert.IsType<AdmitDecision>(_queue.Next(T(1), "y", Batch));

        Assert.Equal(("b", "y"), (admit.JobId, admit.Expert));
    }

    [Fact]
    public void CancelJob_AnotherJobsSessionRuns_ItsLateArrivalsStillJoinTheBatch()
    {
        _queue.Prepare("a", 1, JobPriority.Interactive, [OpenEnded("agg")], T(0));
        _queue.Prepare("b", 1, JobPriority.Interactive, [Planned("x", "b1", "b2")], T(0));
        Submit(Request("b", "x", "b1"));
        var running = Assert.IsType<AdmitDecision>(_queue.Next(T(1), "x", Batch));

        _queue.CancelJob("a");
        Submit(T(2), Request("b", "x", "b2"));

        var joined = Assert.IsType<AdmitDecision>(_queue.Next(T(2), "x", Batch));
        Assert.Equal((running.SessionId, "b2"), (joined.SessionId, joined.Requests.Single().Key.QuestionId));
    }

    [Fact]
    public void Withdraw_PlannedAggregatorCallOfADroppedSession_StaysQueuedInAnOpenEndedSession()
    {
        // Aggregator calls survive a withdrawal even when a plan listed one and its session is dropped.
        _queue.Prepare("j", 1, JobPriority.Interactive, [new SessionPlan("agg", [CallKey.Aggregator("q0")]), Planned("x", "q1")], T(0));
        Submit(Aggregator("j", "agg", "q0"));

        var withdrawal = _queue.Withdraw("j", 2, T(1));

        Assert.Empty(withdrawal.Withdrawn);
        Assert.Equal([CallKey.Aggregator("q0")], withdrawal.Running);
        Assert.Equal(1, _queue.QueuedCount);
        var admit = Assert.Single(Drain(null));
        Assert.Equal((false, CallKey.Aggregator("q0")), (admit.Planned, admit.Requests.Single().Key));
    }

    [Fact]
    public void Next_InteractiveJobPreparedAfterABatchJob_IsServedFirst()
    {
        _queue.Prepare("batch", 1, JobPriority.Batch, [Planned("x", "b1")], T(0));
        _queue.Prepare("chat", 1, JobPriority.Interactive, [Planned("y", "c1")], T(1));
        _queue.Prepare("later-batch", 1, JobPriority.Batch, [Planned("z", "l1")], T(2));
        _queue.Prepare("later-chat", 1, JobPriority.Interactive, [Planned("w", "d1")], T(3));
        Submit(BatchJobRequest("batch", "x", "b1"), BatchJobRequest("later-batch", "z", "l1"),
            Request("chat", "y", "c1"), Request("later-chat", "w", "d1"));

        Assert.Equal(["y", "w", "x", "z"], Drain(null).Select(a => a.Expert));
    }

    [Fact]
    public void Next_BatchSessionOfTheResidentModel_DoesNotGoBeforeAnInteractiveSessionOfAnotherModel()
    {
        _queue.Prepare("batch", 1, JobPriority.Batch, [Planned("x", "b1")], T(0));
        _queue.Prepare("chat", 1, JobPriority.Interactive, [OpenEnded("agg")], T(0));
        Submit(BatchJobRequest("batch", "x", "b1"), Aggregator("chat", "agg", "c1"));

        Assert.Equal(["agg", "x"], Drain("x").Select(a => a.Expert));
    }

    [Fact]
    public void Next_InteractiveCallsOfTheResidentModel_JoinTheRunningBatchWhichStopsAdmittingUntilTheyAreIn()
    {
        _queue.Prepare("batch", 1, JobPriority.Batch, [Planned("x", [.. Enumerable.Range(1, 10).Select(i => $"b{i}")])], T(0));
        Submit([.. Enumerable.Range(1, 10).Select(i => BatchJobRequest("batch", "x", $"b{i}"))]);
        var first = Assert.IsType<AdmitDecision>(_queue.Next(T(1), "x", 4));
        Assert.Equal(["b1", "b2", "b3", "b4"], first.Requests.Select(r => r.Key.QuestionId));

        _queue.Prepare("chat", 1, JobPriority.Interactive, [Planned("x", "c1", "c2")], T(2));
        Submit(T(2), Request("chat", "x", "c1"), Request("chat", "x", "c2"));
        Assert.IsType<IdleDecision>(_queue.Next(T(2), "x", 4)); // the batch is full: nothing is stopped
        _queue.Finished("batch", Key("b1"));
        var joined = Assert.IsType<AdmitDecision>(_queue.Next(T(3), "x", 4));
        Assert.Equal(("chat", "c1"), (joined.JobId, string.Join(',', joined.Requests.Select(r => r.Key.QuestionId))));
        _queue.Finished("batch", Key("b2"));
        Assert.Equal("c2", Assert.IsType<AdmitDecision>(_queue.Next(T(4), "x", 4)).Requests.Single().Key.QuestionId);

        Finish(joined);
        var resumed = Assert.IsType<AdmitDecision>(_queue.Next(T(5), "x", 4)); // b3, b4 and c2 still run
        Assert.Equal(("batch", "b5"), (resumed.JobId, string.Join(',', resumed.Requests.Select(r => r.Key.QuestionId))));
        _queue.Finished("chat", Key("c2"));
        Assert.Equal("b6", Assert.IsType<AdmitDecision>(_queue.Next(T(6), "x", 4)).Requests.Single().Key.QuestionId);
    }

    [Fact]
    public void Next_SecondInteractiveJobOfAnotherModel_KeepsTheJoinedBatchFromAdmittingAgain()
    {
        _queue.Prepare("batch", 1, JobPriority.Batch, [Planned("x", "b1", "b2", "b3", "b4")], T(0));
        Submit([.. new[] { "b1", "b2" }.Select(q => BatchJobRequest("batch", "x", q))]);
        Assert.Equal(2, Assert.IsType<AdmitDecision>(_queue.Next(T(1), "x", 3)).Requests.Count);

        _queue.Prepare("chat", 1, JobPriority.Interactive, [Planned("x", "c1")], T(2));
        _queue.Prepare("other-chat", 1, JobPriority.Interactive, [Planned("y", "d1")], T(2));
        Submit(T(2), [.. new[] { "b3", "b4" }.Select(q => BatchJobRequest("batch", "x", q)), Request("chat", "x", "c1"), Request("other-chat", "y", "d1")]);
        var joined = Assert.IsType<AdmitDecision>(_queue.Next(T(2), "x", 3));
        Assert.Equal("c1", joined.Requests.Single().Key.QuestionId);
        Finish(joined);

        Assert.IsType<IdleDecision>(_queue.Next(T(3), "x", 3)); // b1, b2 drain for d1's model
        _queue.Finished("batch", Key("b1"));
        _queue.Finished("batch", Key("b2"));
        Assert.Equal("y", Assert.IsType<LoadDecision>(_queue.Next(T(4), "x", 3)).Expert);
    }

    [Fact]
    public void Next_InteractiveCallOfAnotherModel_WaitsForTheBatchToDrainThenLoadsAndTheBatchResumesAfter()
    {
        _queue.Prepare("batch", 1, JobPriority.Batch, [Planned("x", "b1", "b2", "b3")], T(0));
        Submit(BatchJobRequest("batch", "x", "b1"), BatchJobRequest("batch", "x", "b2"));
        var running = Assert.IsType<AdmitDecision>(_queue.Next(T(1), "x", Batch));
        Assert.Equal(2, running.Requests.Count);

        _queue.Prepare("chat", 1, JobPriority.Interactive, [Planned("y", "c1")], T(2));
        Submit(T(2), Request("chat", "y", "c1"), BatchJobRequest("batch", "x", "b3"));
        Assert.IsType<IdleDecision>(_queue.Next(T(2), "x", Batch)); // b3 is not admitted into the draining batch
        Finish(running);
        Assert.Equal(("y", "chat"), Assert.IsType<LoadDecision>(_queue.Next(T(3), "x", Batch)) is var load ? (load.Expert, load.JobId) : default);
        Finish(Assert.IsType<AdmitDecision>(_queue.Next(T(4), "y", Batch)));

        Assert.Equal("x", Assert.IsType<LoadDecision>(_queue.Next(T(5), "y", Batch)).Expert);
        Assert.Equal("b3", Assert.IsType<AdmitDecision>(_queue.Next(T(6), "x", Batch)).Requests.Single().Key.QuestionId);
    }

    [Fact]
    public void Next_InteractiveSessionStillWaitingForItsCalls_DoesNotStopTheRunningBatchSession()
    {
        _queue.Prepare("batch", 1, JobPriority.Batch, [Planned("x", "b1", "b2")], T(0));
        Submit(BatchJobRequest("batch", "x", "b1"));
        Assert.IsType<AdmitDecision>(_queue.Next(T(1), "x", Batch));

        _queue.Prepare("chat", 1, JobPriority.Interactive, [Planned("y", "c1")], T(2));
        Submit(T(2), BatchJobRequest("batch", "x", "b2"));
        Assert.Equal("b2", Assert.IsType<AdmitDecision>(_queue.Next(T(2), "x", Batch)).Requests.Single().Key.QuestionId);
    }

    [Fact]
    public void Prepare_JobFirstSeenByACancel_TakesItsPriorityFromItsPrepare()
    {
        _queue.Cancel("late", [Key("gone")]);
        _queue.Prepare("chat", 1, JobPriority.Interactive, [Planned("y", "c1")], T(0));
        _queue.Prepare("late", 1, JobPriority.Batch, [Planned("x", "l1")], T(0));
        Submit(BatchJobRequest("late", "x", "l1"), Request("chat", "y", "c1"));

        Assert.Equal(["y", "x"], Drain("x").Select(a => a.Expert));
    }

    private static InferenceRequest BatchJobRequest(string job, string expert, string question) => Request(job, expert, question) with { Priority = JobPriority.Batch };

    private void Submit(params InferenceRequest[] requests) => Submit(T(0), requests);

    private void Submit(TimeSpan now, params InferenceRequest[] requests) => _queue.SubmitAll(now, requests);

    private void Finish(AdmitDecision admit) => _queue.FinishAll(admit);

    /// <summary>Admits and finishes everything that can run now on <paramref name="resident"/>.</summary>
    private void RunAll(string resident, TimeSpan now)
    {
        while (_queue.Next(now, resident, Batch) is AdmitDecision admit)
        {
            Finish(admit);
        }
    }

    /// <summary>Runs the queue to idle, loading as told and finishing every admitted batch at once; returns the admissions.</summary>
    private List<AdmitDecision> Drain(string? resident)
    {
        var admitted = new List<AdmitDecision>();
        for (var step = 0; step < 100; step++)
        {
            switch (_queue.Next(T(0), resident, Batch))
            {
                case LoadDecision load:
                    resident = load.Expert;
                    break;
                case AdmitDecision admit:
                    admitted.Add(admit);
                    Finish(admit);
                    break;
                default:
                    return admitted;
            }
        }

        throw new InvalidOperationException("the queue did not settle");
    }
}

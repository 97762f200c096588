using Mosaic.Grains.Devices;
using Mosaic.Grains.Devices.Sessions;
using static Mosaic.Grains.Tests.Calls;
using static Mosaic.Grains.Tests.SessionQueueSteps;
using JobPriority = Mosaic.Abstractions.Jobs.JobPriority;

namespace Mosaic.Grains.Tests;

/// <summary>
/// An interactive call that needs another model than the one batch calls are running on: with an eviction bound it
/// waits that long, then the batch calls are stopped and queued again at the head of their session.
/// </summary>
public sealed class SessionQueueEvictionTests
{
    private const int Batch = 8;

    private readonly SessionQueue _queue = new(T(60), evictAfter: T(2));

    [Fact]
    public void InteractiveCallOfAnotherModel_WaitsTheBound_ThenEvictsTheBatchCalls_WhichStartOverAfterIt()
    {
        _queue.Prepare("batch", 1, JobPriority.Batch, [Planned("x", "b1", "b2", "b3")], T(0));
        Submit(T(0), BatchCall("b1"), BatchCall("b2"));
        var running = Assert.IsType<AdmitDecision>(_queue.Next(T(1), "x", Batch));
        _queue.Prepare("chat", 1, JobPriority.Interactive, [Planned("y", "c1")], T(2));
        Submit(T(2), Request("chat", "y", "c1"), BatchCall("b3"));

        Assert.Equal(T(4), Assert.IsType<WaitDecision>(_queue.Next(T(2), "x", Batch)).Until);
        Assert.Equal(T(4), Assert.IsType<WaitDecision>(_queue.Next(T(3.9), "x", Batch)).Until);
        var evict = Assert.IsType<EvictDecision>(_queue.Next(T(4), "x", Batch));
        Assert.Equal(("chat", "y"), (evict.ForJob, evict.ForExpert));
        Assert.Equal(["b1", "b2"], evict.Calls.Select(c => c.Key.QuestionId).Order());
        Assert.IsType<IdleDecision>(_queue.Next(T(4), "x", Batch)); // asked once: the calls are stopping

        Assert.True(_queue.Evicted(running.Requests[0], T(4.1)));
        _queue.Finished("batch", Key("b2")); // b2 completed before the stop reached it
        Assert.Equal(("y", "chat"), Assert.IsType<LoadDecision>(_queue.Next(T(5), "x", Batch)) is var load ? (load.Expert, load.JobId) : default);
        var chat = Assert.IsType<AdmitDecision>(_queue.Next(T(6), "y", Batch));
        Assert.Equal("c1", chat.Requests.Single().Key.QuestionId);
        _queue.Finished("chat", Key("c1"));

        Assert.Equal("x", Assert.IsType<LoadDecision>(_queue.Next(T(7), "y", Batch)).Expert);
        Assert.Equal(["b1", "b3"], Assert.IsType<AdmitDecision>(_queue.Next(T(8), "x", Batch)).Requests.Select(r => r.Key.QuestionId));
        Assert.Equal(1, _queue.EvictedCount);
    }

    [Fact]
    public void CallCancelledWhileItIsEvicted_EndsCancelled_AndIsNotQueuedAgain()
    {
        _queue.Prepare("batch", 1, JobPriority.Batch, [Planned("x", "b1", "b2")], T(0));
        Submit(T(0), BatchCall("b1"), BatchCall("b2"));
        var running = Assert.IsType<AdmitDecision>(_queue.Next(T(0), "x", Batch));
        _queue.Prepare("chat", 1, JobPriority.Interactive, [Planned("y", "c1")], T(0));
        Submit(T(0), Request("chat", "y", "c1"));
        Assert.IsType<EvictDecision>(_queue.Next(T(2), "x", Batch));

        Assert.Equal(["b1"], _queue.Cancel("batch", [Key("b1")]).Running.Select(k => k.QuestionId));
        Assert.False(_queue.Evicted(running.Requests[0], T(2.1)));
        Assert.True(_queue.Evicted(running.Requests[1], T(2.1)));

        Assert.Equal((0, 2), (_queue.RunningCount, _queue.QueuedCount)); // b2 and c1
        Assert.Equal("y", Assert.IsType<LoadDecision>(_queue.Next(T(3), "x", Batch)).Expert);
        Finish(Assert.IsType<AdmitDecision>(_queue.Next(T(3), "y", Batch)));
        Assert.IsType<LoadDecision>(_queue.Next(T(4), "y", Batch));
        Assert.Equal(["b2"], Assert.IsType<AdmitDecision>(_queue.Next(T(5), "x", Batch)).Requests.Select(r => r.Key.QuestionId));
    }

    [Fact]
    public void BatchCallsAnInteractiveCallJoined_AreEvictedForTheNextInteractiveModel_TheInteractiveCallIsNot()
    {
        _queue.Prepare("batch", 1, JobPriority.Batch, [Planned("x", "b1", "b2")], T(0));
        Submit(T(0), BatchCall("b1"), BatchCall("b2"));
        Assert.Equal(2, Assert.IsType<AdmitDecision>(_queue.Next(T(0), "x", 3)).Requests.Count);
        _queue.Prepare("chat", 1, JobPriority.Interactive, [Planned("x", "c1")], T(1));
        Submit(T(1), Request("chat", "x", "c1"));
        Assert.Equal("c1", Assert.IsType<AdmitDecision>(_queue.Next(T(1), "x", 3)).Requests.Single().Key.QuestionId); // joins on the resident model
        _queue.Prepare("other", 1, JobPriority.Interactive, [Planned("y", "d1")], T(1));
        Submit(T(1), Request("other", "y", "d1"));

        Assert.IsNotType<EvictDecision>(_queue.Next(T(3), "x", 3)); // c1's session comes first and is not evicted
        _queue.Finished("chat", Key("c1"));
        var evict = Assert.IsType<EvictDecision>(_queue.Next(T(3), "x", 3));

        Assert.Equal([("batch", "b1"), ("batch", "b2")], evict.Calls.Select(c => (c.JobId, c.Key.QuestionId)).Order());
        Assert.Equal(("other", "y"), (evict.ForJob, evict.ForExpert));
    }

    [Fact]
    public void WithoutABound_TheBatchCallsFinishFirst()
    {
        var queue = new SessionQueue(T(60));
        queue.Prepare("batch", 1, JobPriority.Batch, [Planned("x", "b1")], T(0));
        queue.SubmitAll(T(0), BatchCall("b1"));
        Assert.IsType<AdmitDecision>(queue.Next(T(0), "x", Batch));
        queue.Prepare("chat", 1, JobPriority.Interactive, [Planned("y", "c1")], T(0));
        queue.SubmitAll(T(0), Request("chat", "y", "c1"));

        Assert.IsType<IdleDecision>(queue.Next(T(600), "x", Batch));
    }

    private static InferenceRequest BatchCall(string question) => Request("batch", "x", question) with { Priority = JobPriority.Batch };

    private void Submit(TimeSpan now, params InferenceRequest[] requests) => _queue.SubmitAll(now, requests);

    private void Finish(AdmitDecision admit) => _queue.FinishAll(admit);
}

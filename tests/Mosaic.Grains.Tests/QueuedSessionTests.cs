using Mosaic.Grains.Devices;
using Mosaic.Grains.Devices.Sessions;
using static Mosaic.Grains.Tests.Calls;

namespace Mosaic.Grains.Tests;

public sealed class QueuedSessionTests
{
    private int _arrivals;

    [Fact]
    public void Dequeue_ArrivedCalls_ComeOutInArrivalOrder()
    {
        var session = Session(planned: true);
        session.Enqueue(Arrived(Request("j", "x", "q2")));
        session.Enqueue(Arrived(Request("j", "x", "q1")));

        Assert.Equal(["q2", "q1"], new[] { session.Dequeue(), session.Dequeue() }.Select(c => c.Request.Key.QuestionId));
        Assert.Equal(0, session.QueuedCount);
    }

    [Fact]
    public void Dequeue_Empty_ThrowsNamingTheSession()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Session(planned: true, id: 7).Dequeue());

        Assert.Equal("session 7 has no queued call", error.Message);
    }

    [Fact]
    public void Remove_AfterTheCallWasDequeued_FindsNothing()
    {
        var session = Session(planned: true);
        session.Enqueue(Arrived(Request("j", "x", "q1")));
        session.Enqueue(Arrived(Request("j", "x", "q2")));
        session.Dequeue();

        Assert.Null(session.Remove(Key("q1")));
        Assert.Equal(["q2"], session.Queued.Select(r => r.Key.QuestionId));
    }

    [Fact]
    public void Remove_QueuedCall_ReturnsItAndKeepsTheOthersInOrder()
    {
        var session = Session(planned: false);
        foreach (var question in new[] { "q1", "q2", "q3" })
        {
            session.Enqueue(Arrived(Request("j", "x", question)));
        }

        var removed = session.Remove(Key("q2"));

        Assert.Equal(Key("q2"), removed?.Request.Key);
        Assert.Null(session.Remove(Key("q2")));
        Assert.Equal(["q1", "q3"], session.Queued.Select(r => r.Key.QuestionId));
    }

    [Fact]
    public void Replace_QueuedCall_SwapsTheCopyInPlace()
    {
        var session = Session(planned: true);
        session.Enqueue(Arrived(Request("j", "x", Key("q1"), maxNewTokens: 10)));
        session.Enqueue(Arrived(Request("j", "x", "q2")));

        session.Replace(Request("j", "x", Key("q1"), maxNewTokens: 20));

        var first = session.Dequeue();
        Assert.Equal((Key("q1"), (int?)20, TimeSpan.FromSeconds(1)), (first.Request.Key, first.Request.MaxNewTokens, first.Arrived));
        Assert.Equal(1, session.QueuedCount);
    }

    [Theory]
    [InlineData(true, false, 0, 0, false, true)] // planned, expects nothing, empty
    [InlineData(true, true, 0, 0, true, false)] // planned, still expects a call (closing does not matter: Close clears it)
    [InlineData(true, false, 1, 0, false, false)] // a call queued
    [InlineData(true, false, 0, 1, false, false)] // a call running
    [InlineData(false, false, 0, 0, false, false)] // open-ended, job open: more calls may come
    [InlineData(false, false, 0, 0, true, true)] // open-ended, job closed
    [InlineData(false, false, 1, 0, true, false)] // open-ended, job closed, a call still queued
    [InlineData(false, false, 0, 1, true, false)] // open-ended, job closed, a call still running
    public void IsFinished_SessionState_EndsOnlyWhenNothingIsLeftOrExpected(
        bool planned, bool expecting, int queued, int running, bool jobClosed, bool finished)
    {
        var session = Session(planned);
        if (expecting)
        {
            session.Expected.Add(Key("q9"));
        }

        for (var i = 0; i < queued; i++)
        {
            session.Enqueue(Arrived(Request("j", "x", $"q{i}")));
        }

        session.Running = running;

        Assert.Equal(finished, session.IsFinished(jobClosed));
    }

    [Fact]
    public void ToString_NamesJobExpertAndSession()
    {
        Assert.Equal("j/x#3", Session(planned: true, id: 3).ToString());
    }

    /// <summary>Calls arrive one second apart.</summary>
    private QueuedCall Arrived(InferenceRequest request) => new(request, TimeSpan.FromSeconds(++_arrivals));

    private static QueuedSession Session(bool planned, long id = 1) => new(id, "j", "x", 1, planned, TimeSpan.Zero);
}

using Mosaic.Abstractions.Jobs;
using Mosaic.Grains.Jobs;

namespace Mosaic.Grains.Tests;

/// <summary>The job's watch feed: call texts kept from their relays' parts, and sent to each watcher once.</summary>
public sealed class JobProgressFeedTests
{
    [Fact]
    public void Feed_TakesPartsPastTheEnd_AndAnswersTheLengthItHolds()
    {
        var feed = new JobProgressFeed();

        Assert.Equal([5, 0], feed.Report([Part("q", 0, "first", 0), Part("q", 1, "gap", 4)]));
        // A call planned again writes the same text from its start: taken only past what is held.
        Assert.Equal([5], feed.Report([Part("q", 0, "fir", 0)]));
        Assert.Equal([11], feed.Report([Part("q", 0, "first words", 0)]));
        Assert.Equal([16], feed.Report([Part("q", 0, " more", 11)]));
    }

    [Fact]
    public async Task Feed_EachWatcher_GetsAWholeTextOnceThenWhatItGained()
    {
        var feed = new JobProgressFeed();
        var status = JobStatus.Running;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        feed.Report([Part("q", null, "The answer", 0)]);
        var first = feed.WatchAsync(() => Progress(status), stop.Token).GetAsyncEnumerator(stop.Token);

        Assert.True(await first.MoveNextAsync());
        Assert.Equal([Part("q", null, "The answer", 0)], first.Current.Texts!);
        feed.Report([Part("q", null, " is", 10)]);
        Assert.True(await first.MoveNextAsync());
        Assert.Equal([Part("q", null, " is", 10)], first.Current.Texts!);

        // A watcher that comes later starts with the whole text; one with nothing new gets no texts.
        var second = feed.WatchAsync(() => Progress(status), stop.Token).GetAsyncEnumerator(stop.Token);
        Assert.True(await second.MoveNextAsync());
        Assert.Equal([Part("q", null, "The answer is", 0)], second.Current.Texts!);
        feed.Signal();
        Assert.True(await first.MoveNextAsync());
        Assert.Null(first.Current.Texts);

        status = JobStatus.Completed;
        feed.Report([Part("q", null, " 42.", 13)]);
        Assert.True(await first.MoveNextAsync());
        Assert.Equal([Part("q", null, " 42.", 13)], first.Current.Texts!);
        Assert.False(await first.MoveNextAsync());
    }

    private static CallText Part(string question, int? slot, string text, int offset) => new(question, slot, "expert", text, offset);

    private static JobProgress Progress(JobStatus status) => new("j", status, 0, 1, 0, 0, JobProgress.MessageOf(status, null), DateTimeOffset.UnixEpoch);
}

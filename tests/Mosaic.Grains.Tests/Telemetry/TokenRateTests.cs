using Microsoft.Extensions.Time.Testing;
using Mosaic.Grains.Telemetry;

namespace Mosaic.Grains.Tests.Telemetry;

public sealed class TokenRateTests
{
    [Fact]
    public void TokenRate_CallsOlderThanTheWindow_DropOutAndThePairReportsZero()
    {
        var time = new FakeTimeProvider();
        var rate = new TokenRate(time, TimeSpan.FromSeconds(10));
        rate.Add("gpu0", "x", 100);
        time.Advance(TimeSpan.FromSeconds(6));
        rate.Add("gpu0", "x", 50);
        rate.Add("gpu1", "y", 20);

        Assert.Equal([("gpu0", "x", 15.0), ("gpu1", "y", 2.0)], rate.Snapshot().OrderBy(r => r.Worker));

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal([("gpu0", "x", 5.0), ("gpu1", "y", 2.0)], rate.Snapshot().OrderBy(r => r.Worker));

        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal([("gpu0", "x", 0.0), ("gpu1", "y", 0.0)], rate.Snapshot().OrderBy(r => r.Worker));
    }

    [Fact]
    public void TokenRate_NeverRead_HoldsOnlyTheCallsOfTheWindow()
    {
        var time = new FakeTimeProvider();
        var rate = new TokenRate(time, TimeSpan.FromSeconds(10));
        for (var i = 0; i < 1000; i++)
        {
            rate.Add("gpu0", "x", 1);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.InRange(rate.Retained, 10, 11);
    }
}

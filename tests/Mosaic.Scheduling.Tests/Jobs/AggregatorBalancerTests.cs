using Mosaic.Scheduling.Jobs;

namespace Mosaic.Scheduling.Tests.Jobs;

public sealed class AggregatorBalancerTests
{
    [Fact]
    public void Pick_WithOverlap_PrefersTheWorkerWhoseExpertSessionsEndFirst()
    {
        var balancer = new AggregatorBalancer(loadSeconds: 10, callSeconds: 5);
        balancer.SetWorkers(new Dictionary<string, double> { ["gpu0"] = 100, ["gpu1"] = 40 }, overlap: true);

        // gpu1 is free at 40 + 10 (load); after 12 calls it is at 40 + 10 + 60 = 110 > 100 + 10.
        var picks = Enumerable.Range(0, 13).Select(_ => balancer.Pick()).ToArray();

        Assert.All(picks.Take(12), p => Assert.Equal("gpu1", p));
        Assert.Equal("gpu0", picks[12]);
    }

    [Fact]
    public void Pick_WithABarrier_IgnoresExpertSessionsAndAlternates()
    {
        var balancer = new AggregatorBalancer(loadSeconds: 10, callSeconds: 5);
        balancer.SetWorkers(new Dictionary<string, double> { ["gpu0"] = 100, ["gpu1"] = 40 }, overlap: false);

        var picks = Enumerable.Range(0, 4).Select(_ => balancer.Pick()!).ToArray();

        Assert.Equal(["gpu0", "gpu1", "gpu0", "gpu1"], picks);
    }

    [Fact]
    public void Pick_AfterRemoval_NeverReturnsTheRemovedWorker()
    {
        var balancer = new AggregatorBalancer(loadSeconds: 1, callSeconds: 1);
        balancer.SetWorkers(new Dictionary<string, double> { ["gpu0"] = 0, ["gpu1"] = 0 }, overlap: true);

        balancer.Remove("gpu0");

        Assert.All(Enumerable.Range(0, 5).Select(_ => balancer.Pick()), p => Assert.Equal("gpu1", p));
        balancer.Remove("gpu1");
        Assert.Null(balancer.Pick());
    }
}

using Mosaic.Scheduling.Jobs;
using Mosaic.Scheduling.Profiling;

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

    [Fact]
    public void For_AMeasuredProfile_PricesACallAtItsShareOfAFullBatchAndTheLoadAsMeasured()
    {
        // T(N) = 6.4 s for any batch: 0.1 s a call in a batch of 64 (6.4 s alone); loading takes 2 s.
        var aggregator = new ExpertProfile("agg", ExpertKind.Instruct, 2, 10, 10, new SessionTimeRegression(6.4, 0, 0, 0), 0);
        var balancer = AggregatorBalancer.For(aggregator, batchSize: 64);
        balancer.SetWorkers(new Dictionary<string, double> { ["gpu0"] = 0, ["gpu1"] = 1.05 }, overlap: true);

        // gpu0 is free at 2 + 0.1 k after k calls, gpu1 at 1.05 + 2: gpu0 takes eleven calls, then gpu1 one.
        var picks = Enumerable.Range(0, 12).Select(_ => balancer.Pick()).ToArray();

        Assert.All(picks.Take(11), p => Assert.Equal("gpu0", p));
        Assert.Equal("gpu1", picks[11]);
    }
}

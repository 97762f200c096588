using Mosaic.Scheduling.Emulation;
using Mosaic.Scheduling.Jobs;

namespace Mosaic.Scheduling.Tests;

public sealed class StragglerExpectationTests
{
    [Fact]
    public void WithoutSpreadOrWithOneWorker_ItIsTheSlowestWorker()
    {
        Assert.Equal(3.0, StragglerExpectation.ExpectedMakespan([1.0, 3.0, 2.0], 0));
        Assert.Equal(2.5, StragglerExpectation.ExpectedMakespan([2.5], 0.3));
        Assert.Equal(2.5, StragglerExpectation.ExpectedMakespan([0, 2.5], 0.3));
        Assert.Equal(0, StragglerExpectation.ExpectedMakespan([], 0.3));
    }

    [Theory]
    [InlineData(new[] { 1.0, 1.0 }, 0.15)]
    [InlineData(new[] { 1.8, 2.0, 1.9, 0.4 }, 0.25)]
    [InlineData(new[] { 5.0, 4.0 }, 0.05)]
    public void AgreesWithSampledWorkers(double[] workers, double spread)
    {
        var random = new StableRandom(2026, "straggler-expectation");
        const int Samples = 200_000;
        var sum = 0.0;
        for (var i = 0; i < Samples; i++)
        {
            sum += SampledMakespan(workers, spread, ref random);
        }

        Assert.Equal(sum / Samples, StragglerExpectation.ExpectedMakespan(workers, spread), workers.Max() * 0.003);
    }

    [Fact]
    public void GrowsWithTheSpread_AndABalancedPlanPaysMoreThanALopsidedOne()
    {
        var spreads = new[] { 0.05, 0.1, 0.2, 0.4 };
        var balanced = spreads.Select(s => StragglerExpectation.ExpectedMakespan([2.0, 2.0], s)).ToArray();
        Assert.True(balanced.Zip(balanced.Skip(1)).All(p => p.First < p.Second), string.Join(", ", balanced));

        var lopsided = StragglerExpectation.ExpectedMakespan([2.0, 1.0], 0.1);
        Assert.InRange(lopsided, 2.0, 2.0 * 1.001);
        Assert.InRange(balanced[1], 2.0 * 1.05, 2.0 * 1.06); // σ/√π for two equal workers
    }

    private static double SampledMakespan(double[] workers, double spread, ref StableRandom random)
    {
        var slowest = 0.0;
        foreach (var w in workers)
        {
            slowest = Math.Max(slowest, w * Math.Exp((spread * random.NextNormal()) - (spread * spread / 2)));
        }

        return slowest;
    }
}

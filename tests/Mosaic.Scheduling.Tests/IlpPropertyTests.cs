using CsCheck;
using Mosaic.Scheduling.Baselines;
using Mosaic.Scheduling.Planning;

namespace Mosaic.Scheduling.Tests;

public sealed class IlpPropertyTests
{
    private static readonly IlpOptions Fast = new() { TimeLimit = TimeSpan.FromSeconds(5) };

    [Fact]
    public void EverySchedulersPlan_AssignsEveryPromptExactlyOnce()
    {
        InstanceGenerators.Small.Sample(instance =>
        {
            foreach (var scheduler in SchedulerCatalog.Resolve("all", Fast))
            {
                PlanAssertions.EveryPromptExactlyOnce(scheduler.Plan(instance), instance);
            }
        }, iter: 60);
    }

    [Fact]
    public void IlpAndLpt_RespectCapsAndNeverBeatTheLowerBound()
    {
        InstanceGenerators.Small.Sample(instance =>
        {
            var bound = LowerBound.For(instance).Seconds;
            foreach (var plan in new[] { new MosaicIlpScheduler(Fast).Plan(instance), new LptScheduler().Plan(instance) })
            {
                PlanAssertions.RespectsCaps(plan, instance);
                Assert.True(plan.MakespanSeconds >= bound - 1e-6, $"{plan.Scheduler} {plan.MakespanSeconds} < LB {bound}");
            }
        }, iter: 60);
    }

    [Fact]
    public void Ilp_IsNoWorseThanAnyBaselineThatSatisfiesTheSameConstraints()
    {
        InstanceGenerators.Small.Sample(instance =>
        {
            var ilp = new MosaicIlpScheduler(Fast).Plan(instance);
            IScheduler[] baselines = [new RoundRobinScheduler(), new LptScheduler(), new DataParallelScheduler()];
            foreach (var baseline in baselines.Select(b => b.Plan(instance)))
            {
                if (PlanCounts.SatisfiesIlpConstraints(baseline, instance, MemoryConstraint.Off))
                {
                    Assert.True(ilp.MakespanSeconds <= baseline.MakespanSeconds + 1e-6,
                        $"ILP {ilp.MakespanSeconds} worse than {baseline.Scheduler} {baseline.MakespanSeconds}");
                }
            }
        }, iter: 60);
    }

    [Fact]
    public void Ilp_ReturnsTheSamePlanForTheSameSeed()
    {
        var instance = Instances.PaperInstances.Get("paper:mmlu-pro");
        var options = new IlpOptions { Seed = 7, SearchWorkers = 2 };

        var first = new MosaicIlpScheduler(options).Plan(instance);
        var second = new MosaicIlpScheduler(options).Plan(instance);

        Assert.Equal(Describe(first), Describe(second));
    }

    private static string Describe(SchedulePlan plan) =>
        string.Join("|", plan.Workers.Select(w => w.Worker + ":" + string.Join(",", w.Sessions.Select(s => $"{s.Expert}x{s.PromptCount}"))));
}

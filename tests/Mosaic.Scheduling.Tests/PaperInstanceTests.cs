using Mosaic.Scheduling.Baselines;
using Mosaic.Scheduling.Instances;
using Mosaic.Scheduling.Planning;

namespace Mosaic.Scheduling.Tests;

public sealed class PaperInstanceTests
{
    [Fact]
    public void MmluPro_RoundRobin_ReproducesPaperWorkerTimes()
    {
        var plan = new RoundRobinScheduler().Plan(PaperInstances.Get("paper:mmlu-pro"));

        var busy = plan.Workers.Select(w => Math.Round(w.BusySeconds, 6)).ToArray();
        Assert.Equal([430, 2620, 165, 2546], busy);
        Assert.Equal(["Gemma", "Exaone"], plan.Workers[0].Sessions.Select(s => s.Expert));
    }

    [Theory]
    [InlineData("paper:medmcqa", 804.5)]
    [InlineData("paper:gpqa", 2348.4)]
    public void ScaledInstances_RoundRobin_MatchesPaperMakespan(string name, double expected)
    {
        var plan = new RoundRobinScheduler().Plan(PaperInstances.Get(name));

        Assert.Equal(expected, plan.MakespanSeconds, 6);
    }

    [Fact]
    public void Gpqa_DropsExpertsWithoutPrompts()
    {
        var instance = PaperInstances.Get("paper:gpqa");

        Assert.Equal(["Gemma", "QwenR1", "LlamaR1", "Exaone"], instance.ActiveExperts.Select(e => e.Name));
    }

    [Theory]
    [InlineData("paper:mmlu-pro", 1.69)]
    [InlineData("paper:medmcqa", 1.53)]
    [InlineData("paper:gpqa", 2.54)]
    public void Ilp_IsOptimalNearTheBoundAndBeatsThePaper(string name, double paperSpeedup)
    {
        var instance = PaperInstances.Get(name);
        var plan = new MosaicIlpScheduler(new IlpOptions { TimeLimit = TimeSpan.FromSeconds(20) }).Plan(instance);
        var roundRobin = new RoundRobinScheduler().Plan(instance);

        Assert.Equal(PlanStatus.Optimal, plan.Status);
        Assert.True(plan.MakespanSeconds <= 1.03 * LowerBound.For(instance).Seconds);
        Assert.True(roundRobin.MakespanSeconds / plan.MakespanSeconds >= paperSpeedup);
        PlanAssertions.EveryPromptExactlyOnce(plan, instance);
        PlanAssertions.RespectsCaps(plan, instance);
    }

    [Fact]
    public void Ilp_ReplicatesReasoningExpertsAndPinsInstructionExperts()
    {
        var instance = PaperInstances.Get("paper:mmlu-pro");
        var plan = new MosaicIlpScheduler().Plan(instance);

        Assert.True(plan.ReplicaCounts["QwenR1"] >= 2);
        Assert.True(plan.ReplicaCounts["LlamaR1"] >= 2);
        Assert.All(instance.Experts.Where(e => e.Kind == ExpertKind.Instruct), e => Assert.Equal(1, plan.ReplicaCounts[e.Name]));
    }
}

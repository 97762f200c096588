using Mosaic.Scheduling.Baselines;
using Mosaic.Scheduling.Instances;
using Mosaic.Scheduling.Planning;
using Mosaic.Scheduling.Simulation;

namespace Mosaic.Scheduling.Tests;

public sealed class ExtensionTests
{
    private static SchedulingInstance TwoWorkers(double fastSpeed, double? memoryA = null, double? memoryB = null) => new(
        "ext",
        [
            new ExpertSpec("big", ExpertKind.Reasoning, 10, 1.0, 400, MemoryGb: 60),
            new ExpertSpec("small", ExpertKind.Instruct, 10, 0.1, 400, MemoryGb: 30),
        ],
        [new WorkerSpec("fast", memoryA, fastSpeed), new WorkerSpec("slow", memoryB)],
        2);

    [Fact]
    public void Heterogeneous_GivesTheFasterWorkerMoreWorkAndWins()
    {
        var instance = TwoWorkers(fastSpeed: 3).Validate();

        var aware = new MosaicIlpScheduler(new IlpOptions { HeterogeneousWorkers = true }).Plan(instance);
        var blind = new MosaicIlpScheduler().Plan(instance);

        var fastPrompts = aware.Workers.Single(w => w.Worker == "fast").Sessions.Where(s => s.Expert == "big").Sum(s => s.PromptCount);
        Assert.True(fastPrompts > 200, $"fast worker got {fastPrompts} of 400 'big' prompts");
        Assert.True(aware.MakespanSeconds < blind.MakespanSeconds);
        Assert.True(aware.MakespanSeconds >= LowerBound.For(instance).Seconds - 1e-6);
    }

    [Fact]
    public void FitEach_KeepsAnExpertOffAWorkerTooSmallForIt()
    {
        var instance = TwoWorkers(1, memoryA: 80, memoryB: 40).Validate();

        var plan = new MosaicIlpScheduler(new IlpOptions { Memory = MemoryConstraint.FitEach }).Plan(instance);

        Assert.DoesNotContain(plan.Workers.Single(w => w.Worker == "slow").Sessions, s => s.Expert == "big");
        Assert.Equal(PlanStatus.Optimal, plan.Status);
    }

    [Fact]
    public void CoResident_LimitsTheSumOfResidentModels()
    {
        var instance = TwoWorkers(1, memoryA: 80, memoryB: 80).Validate();

        var plan = new MosaicIlpScheduler(new IlpOptions { Memory = MemoryConstraint.CoResident }).Plan(instance);

        Assert.All(plan.Workers, w => Assert.True(w.Sessions.Select(s => s.Expert).Distinct().Count() == 1, w.ToString()));
    }

    [Fact]
    public void CoResident_ReportsInfeasibleWhenNothingFits()
    {
        var instance = TwoWorkers(1, memoryA: 20, memoryB: 20).Validate();

        var plan = new MosaicIlpScheduler(new IlpOptions { Memory = MemoryConstraint.CoResident }).Plan(instance);

        Assert.Equal(PlanStatus.Infeasible, plan.Status);
    }

    [Fact]
    public void PerPromptAssignment_BalancesPredictedCostsBetterThanCounts()
    {
        var paper = PaperInstances.Get("paper:mmlu-pro");
        var trace = new SyntheticTraceGenerator(seed: 1).Generate(paper);
        var instance = SyntheticTraceGenerator.WithPredictedCosts(paper, trace, errorSigma: 0.0, seed: 2);

        var counts = new MosaicIlpScheduler().Plan(instance);
        var costs = new MosaicIlpScheduler(new IlpOptions { PerPromptAssignment = true }).Plan(instance);

        PlanAssertions.EveryPromptExactlyOnce(costs, instance);
        Assert.True(costs.MakespanSeconds < counts.MakespanSeconds,
            $"per-prompt {costs.MakespanSeconds} vs counts {counts.MakespanSeconds}");
        Assert.True(PlanSimulator.Run(costs, instance, trace).MakespanSeconds < PlanSimulator.Run(counts, instance, trace).MakespanSeconds);
    }

    [Fact]
    public void TimeLimit_OnALargeInstanceReturnsAPlanNoWorseThanLpt()
    {
        var random = new Random(4);
        var instance = new SchedulingInstance(
            "large",
            Enumerable.Range(0, 50).Select(m => new ExpertSpec(
                $"e{m}", m % 3 == 0 ? ExpertKind.Reasoning : ExpertKind.Instruct, 30 + random.Next(20),
                m % 3 == 0 ? 2 + random.NextDouble() : 0.1 + random.NextDouble() / 5, 100 + random.Next(2000))).ToArray(),
            Enumerable.Range(0, 64).Select(n => new WorkerSpec($"w{n}")).ToArray(),
            2).Validate();

        var plan = new MosaicIlpScheduler(new IlpOptions { TimeLimit = TimeSpan.FromMilliseconds(300) }).Plan(instance);
        var lpt = new LptScheduler().Plan(instance);

        Assert.NotEqual(PlanStatus.Infeasible, plan.Status);
        Assert.True(plan.MakespanSeconds <= lpt.MakespanSeconds + 1e-6);
        Assert.True(plan.BestBoundSeconds <= plan.MakespanSeconds + 1e-6);
        PlanAssertions.EveryPromptExactlyOnce(plan, instance);
        PlanAssertions.RespectsCaps(plan, instance);
    }
}

using Mosaic.Scheduling.Instances;
using Mosaic.Scheduling.Planning;
using Mosaic.Scheduling.Simulation;

namespace Mosaic.Scheduling.Tests;

public sealed class SimulatorTests
{
    [Theory]
    [InlineData("paper:mmlu-pro")]
    [InlineData("paper:medmcqa")]
    [InlineData("paper:gpqa")]
    public void RealizedEqualsPredicted_ReproducesAnalyticMakespan(string name)
    {
        var instance = PaperInstances.Get(name);
        var trace = Trace.FromPredictions(instance);

        foreach (var scheduler in SchedulerCatalog.Resolve("all", new IlpOptions()))
        {
            var plan = scheduler.Plan(instance);
            // Data parallelism predicts its small shards' floors (Appendix A.6); the others plan linear costs.
            var tail = scheduler is Baselines.DataParallelScheduler ? Emulation.PaperCalibration.Tail : null;
            var result = PlanSimulator.Run(plan, instance, trace, tail);

            Assert.Equal(plan.MakespanSeconds, result.MakespanSeconds, 6);
        }
    }

    [Fact]
    public void Timelines_AreSequentialAndRespectBarriers()
    {
        var instance = PaperInstances.Get("paper:mmlu-pro");
        var trace = new SyntheticTraceGenerator(seed: 3).Generate(instance);
        var plan = new Baselines.DataParallelScheduler().Plan(instance);

        var result = PlanSimulator.Run(plan, instance, trace);

        foreach (var worker in result.Workers)
        {
            for (var i = 1; i < worker.Intervals.Count; i++)
            {
                Assert.True(worker.Intervals[i].Start >= worker.Intervals[i - 1].End - 1e-9);
            }
        }

        // The second expert's loads start together, after the slowest worker finished the first expert.
        var firstPhaseEnd = result.Workers.Max(w => w.Intervals[1].End);
        Assert.All(result.Workers, w => Assert.Equal(firstPhaseEnd, w.Intervals[2].Start, 9));
    }

    [Fact]
    public void PlanFromPredictions_IsScoredOnRealizedCosts()
    {
        var instance = PaperInstances.Get("paper:mmlu-pro");
        var trace = new SyntheticTraceGenerator(seed: 11).Generate(instance);
        var plan = new MosaicIlpScheduler().Plan(instance);

        var result = PlanSimulator.Run(plan, instance, trace);

        var expected = plan.Workers.Max(w => w.Sessions.Sum(s => s.LoadSeconds + s.PromptIds.Sum(q => trace.Cost(s.Expert, q))));
        Assert.Equal(expected, result.MakespanSeconds, 6);
        Assert.NotEqual(plan.MakespanSeconds, result.MakespanSeconds);
    }

    [Fact]
    public void SyntheticTraces_AreSeededAndReasoningOutputsAreLonger()
    {
        var instance = PaperInstances.Get("paper:mmlu-pro");

        var a = new SyntheticTraceGenerator(5).Generate(instance);
        var b = new SyntheticTraceGenerator(5).Generate(instance);
        var c = new SyntheticTraceGenerator(6).Generate(instance);

        Assert.Equal(a.Seconds["QwenR1"], b.Seconds["QwenR1"]);
        Assert.NotEqual(a.Seconds["QwenR1"], c.Seconds["QwenR1"]);
        var reasoning = a.OutputTokens["LlamaR1"].Average();
        var instruct = a.OutputTokens["Gemma"].Average();
        Assert.InRange(reasoning / instruct, 5, 15);
        Assert.InRange(a.Seconds["LlamaR1"].Sum() / instance.Experts.Single(e => e.Name == "LlamaR1").TotalWorkSeconds, 0.9, 1.1);
    }
}

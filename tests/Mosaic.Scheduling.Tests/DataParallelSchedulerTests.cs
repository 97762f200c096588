using Mosaic.Scheduling.Baselines;
using Mosaic.Scheduling.Emulation;
using Mosaic.Scheduling.Instances;

namespace Mosaic.Scheduling.Tests;

public sealed class DataParallelSchedulerTests
{
    private static readonly SchedulingInstance MmluPro = PaperInstances.Get("paper:mmlu-pro");

    [Fact]
    public void Plan_SerializesEachPhasesLoadsAcrossWorkers()
    {
        var plan = new DataParallelScheduler().Plan(MmluPro);

        foreach (var (worker, n) in plan.Workers.Select((w, n) => (w, n)))
        {
            Assert.All(worker.Sessions, s => Assert.Equal((n + 1) * MmluPro.Experts.Single(e => e.Name == s.Expert).LoadSeconds, s.LoadSeconds));
        }
    }

    [Fact]
    public void Plan_CostsSmallInstructionShardsAtTheirFloorAndReasoningShardsLinearly()
    {
        var plan = new DataParallelScheduler().Plan(MmluPro);
        var exaone = MmluPro.Experts.Single(e => e.Name == "Exaone");
        var llama = MmluPro.Experts.Single(e => e.Name == "LlamaR1");

        var exaoneShard = plan.Workers[0].Sessions.Single(s => s.Expert == "Exaone");
        var llamaShard = plan.Workers[0].Sessions.Single(s => s.Expert == "LlamaR1");

        Assert.Equal(PaperCalibration.Tail.FloorSeconds(ExpertKind.Instruct, exaoneShard.PromptCount), exaoneShard.ComputeSeconds, 9);
        Assert.True(exaoneShard.ComputeSeconds > 2 * exaoneShard.PromptCount * exaone.PerPromptSeconds);
        Assert.Equal(llamaShard.PromptCount * llama.PerPromptSeconds, llamaShard.ComputeSeconds, 9);
    }

    [Fact]
    public void Linear_IsTheOptimisticVersion()
    {
        var linear = DataParallelScheduler.Linear.Plan(MmluPro);

        // Σ_m (ℓ_m + largest quarter of N_m · τ_m): 1,629.0 s on MMLU-Pro.
        var expected = MmluPro.ActiveExperts.Sum(e => e.LoadSeconds + PaperCalibration.DataParallelShard(e.Prompts, 4) * e.PerPromptSeconds);
        Assert.Equal(expected, linear.MakespanSeconds, 6);
        Assert.InRange(linear.MakespanSeconds, 1600, 1650);
    }

    [Fact]
    public void MmluPro_PredictedMakespanIsThePapersDataParallelTime()
    {
        var plan = new DataParallelScheduler().Plan(MmluPro);
        var roundRobin = new RoundRobinScheduler().Plan(MmluPro);

        Assert.InRange(plan.MakespanSeconds / 2441, 0.9, 1.1);
        Assert.True(plan.MakespanSeconds < roundRobin.MakespanSeconds);
    }
}

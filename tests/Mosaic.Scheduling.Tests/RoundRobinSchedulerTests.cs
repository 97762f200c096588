using Mosaic.Scheduling.Baselines;
using Mosaic.Scheduling.Planning;

namespace Mosaic.Scheduling.Tests;

public sealed class RoundRobinSchedulerTests
{
    [Fact]
    public void Plan_ExpertMGoesWholeToWorkerMModN_SkippingExpertsWithoutPrompts()
    {
        var instance = new SchedulingInstance(
            "rr",
            [
                new ExpertSpec("a", ExpertKind.Reasoning, 10, 1, 5),
                new ExpertSpec("idle", ExpertKind.Reasoning, 10, 1, 0),
                new ExpertSpec("b", ExpertKind.Instruct, 5, 2, 3),
                new ExpertSpec("c", ExpertKind.Instruct, 1, 1, 4),
            ],
            [new WorkerSpec("w0"), new WorkerSpec("w1", Speed: 2)],
            2).Validate();

        var plan = new RoundRobinScheduler().Plan(instance);

        Assert.Equal(["a", "c"], plan.Workers[0].Sessions.Select(s => s.Expert).Order());
        Assert.Equal(["b"], plan.Workers[1].Sessions.Select(s => s.Expert));
        Assert.Equal([0, 1, 2], plan.Workers[1].Sessions[0].PromptIds);
        Assert.Equal(10 + 5 + 1 + 4, plan.Workers[0].BusySeconds, 9);
        Assert.Equal(5 + 6 / 2.0, plan.Workers[1].BusySeconds, 9);
        Assert.Equal(20, plan.MakespanSeconds, 9);
        Assert.Equal(("round-robin", PlanStatus.Feasible), (plan.Scheduler, plan.Status));
    }
}

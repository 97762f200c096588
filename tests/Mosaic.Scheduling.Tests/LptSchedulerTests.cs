using Mosaic.Scheduling.Baselines;
using Mosaic.Scheduling.Planning;

namespace Mosaic.Scheduling.Tests;

public sealed class LptSchedulerTests
{
    private static int[] Ids(SchedulePlan plan, string worker, string expert) =>
        plan.Workers.Single(w => w.Worker == worker).Sessions.Where(s => s.Expert == expert).SelectMany(s => s.PromptIds).ToArray();

    [Fact]
    public void Plan_TwoSpeeds_ReplicasByWorkShareAndPromptsToTheEarliestFinish()
    {
        // a has 7/8 of the work: 2 replicas (45 s each, placed first: slow then fast); b goes to the fast worker, less
        // loaded at 45 / 2. Prompts then go to the host finishing first, the first host on ties.
        var instance = new SchedulingInstance(
            "lpt",
            [new ExpertSpec("a", ExpertKind.Reasoning, 10, 1, 70), new ExpertSpec("b", ExpertKind.Instruct, 10, 1, 10)],
            [new WorkerSpec("slow"), new WorkerSpec("fast", Speed: 2)],
            2).Validate();

        var plan = new LptScheduler().Plan(instance);

        int[] slowIds = [.. Enumerable.Range(0, 10), .. Enumerable.Range(0, 20).Select(i => 11 + 3 * i)];
        Assert.Equal(slowIds, Ids(plan, "slow", "a"));
        Assert.Equal(Enumerable.Range(0, 70).Except(slowIds), Ids(plan, "fast", "a"));
        Assert.Equal(Enumerable.Range(0, 10), Ids(plan, "fast", "b"));
        Assert.Empty(Ids(plan, "slow", "b"));
        Assert.Equal(45, plan.MakespanSeconds, 9);
        Assert.Equal(PlanStatus.Feasible, plan.Status);
        Assert.Equal("lpt", plan.Scheduler);
    }

    [Fact]
    public void Plan_MoreReplicasThanSlots_GivesBackTheOneThatMattersLeast()
    {
        // Shares of 4 workers: a 1.68 → 2, b 1.52 → 2, c 0.8 → 1: five replicas for K · N = 4 slots. Dropping b's
        // second replica costs 38 s of b on one worker, dropping a's costs 42 s: b gives its replica back.
        var instance = new SchedulingInstance(
            "slots",
            [new ExpertSpec("a", ExpertKind.Reasoning, 1, 1, 42), new ExpertSpec("b", ExpertKind.Reasoning, 1, 1, 38), new ExpertSpec("c", ExpertKind.Reasoning, 1, 1, 20)],
            Enumerable.Range(0, 4).Select(n => new WorkerSpec($"w{n}")).ToArray(),
            1).Validate();

        var plan = new LptScheduler().Plan(instance);

        Assert.Equal(2, plan.ReplicaCounts["a"]);
        Assert.Equal(1, plan.ReplicaCounts["b"]);
        Assert.Equal(1, plan.ReplicaCounts["c"]);
        Assert.All(plan.Workers, w => Assert.Single(w.Sessions));
        Assert.Equal(1 + 38, plan.MakespanSeconds, 9);
    }

    [Fact]
    public void Plan_ReplicasAreCappedByWhatTheLoadCanPayFor()
    {
        // a would deserve all 4 workers by work share, but R^max = ⌊40 / 20⌋ = 2.
        var instance = new SchedulingInstance(
            "cap",
            [new ExpertSpec("a", ExpertKind.Reasoning, 20, 1, 40), new ExpertSpec("b", ExpertKind.Instruct, 0, 0, 1)],
            Enumerable.Range(0, 4).Select(n => new WorkerSpec($"w{n}")).ToArray(),
            1).Validate();

        var plan = new LptScheduler().Plan(instance);

        Assert.Equal(2, plan.ReplicaCounts["a"]);
        Assert.Equal(1, plan.ReplicaCounts["b"]);
        Assert.Equal(20 + 20, plan.MakespanSeconds, 9);
    }

    [Fact]
    public void Plan_NoWorkAnywhere_GivesEachExpertOneReplica()
    {
        var instance = new SchedulingInstance(
            "free",
            [new ExpertSpec("a", ExpertKind.Instruct, 0, 0, 3), new ExpertSpec("b", ExpertKind.Instruct, 0, 0, 2)],
            [new WorkerSpec("w0"), new WorkerSpec("w1")],
            1).Validate();

        var plan = new LptScheduler().Plan(instance);

        Assert.Equal(1, plan.ReplicaCounts["a"]);
        Assert.Equal(1, plan.ReplicaCounts["b"]);
        PlanAssertions.EveryPromptExactlyOnce(plan, instance);
    }
}

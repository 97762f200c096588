using Mosaic.Scheduling.Planning;
using Mosaic.Scheduling.Planning.Search;

namespace Mosaic.Scheduling.Tests;

public sealed class CountPlanTests
{
    // a: load 10, 2 s per prompt, 20 prompts, R^max = 2, 30 GB; b: load 5, 1 s, 4 prompts, R^max = 1, 60 GB.
    // w0 is twice as fast and has 80 GB, w1 has 50 GB: b fits on w0 only.
    private static readonly SchedulingInstance Instance = new(
        "count-plan",
        [new ExpertSpec("a", ExpertKind.Reasoning, 10, 2, 20, MemoryGb: 30), new ExpertSpec("b", ExpertKind.Instruct, 5, 1, 4, MemoryGb: 60)],
        [new WorkerSpec("w0", MemoryGb: 80, Speed: 2), new WorkerSpec("w1", MemoryGb: 50)],
        2);

    private static CountPlan Empty(MemoryConstraint memory = MemoryConstraint.FitEach, int k = 2) =>
        new(new PlanningProblem(Instance with { MaxModelsPerWorker = k }, new IlpOptions { HeterogeneousWorkers = true, Memory = memory }));

    [Fact]
    public void Add_OpensASessionOnce_ChargingOneLoadAndTheSpeedScaledPrompts()
    {
        var plan = Empty();

        plan.Add(0, 0, 3);
        plan.Add(0, 0, 2);

        Assert.Equal(5, plan.Count(0, 0));
        Assert.Equal(10 + 5 * 2 / 2.0, plan.Time(0));
        Assert.Equal(1, plan.Hosted(0));
        Assert.Equal(1, plan.Replicas(0));
        Assert.Equal(0, plan.Time(1));
        Assert.Equal(15, plan.Makespan);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void AddOrRemove_NonPositiveCount_ChangesNothing(int count)
    {
        var plan = Empty();
        plan.Add(0, 1, 4);

        plan.Add(1, 0, count);
        plan.Remove(0, 1, count);
        plan.Remove(1, 1, count); // no session of b on w1: nothing to close

        Assert.Equal(0, plan.Hosted(0));
        Assert.Equal(0, plan.Replicas(1));
        Assert.Equal(1, plan.Hosted(1));
        Assert.Equal(0, plan.Time(0));
        Assert.Equal(4, plan.Count(0, 1));
        Assert.Equal(18, plan.Time(1));
    }

    [Fact]
    public void Remove_PartOfASession_KeepsItOpen()
    {
        var plan = Empty();
        plan.Add(0, 1, 4);

        plan.Remove(0, 1, 3);

        Assert.Equal(1, plan.Count(0, 1));
        Assert.Equal(10 + 2, plan.Time(1));
        Assert.Equal(1, plan.Hosted(1));
        Assert.Equal(1, plan.Replicas(0));
    }

    [Fact]
    public void Remove_TheLastPrompt_ClosesTheSessionAndFreesItsLoadSlotAndMemory()
    {
        var roomy = Instance with { Workers = [new WorkerSpec("w0", MemoryGb: 90, Speed: 2), new WorkerSpec("w1", MemoryGb: 50)] };
        var plan = new CountPlan(new PlanningProblem(roomy, new IlpOptions { HeterogeneousWorkers = true, Memory = MemoryConstraint.CoResident }));
        plan.Add(0, 0, 2);
        plan.Add(1, 0, 4); // 30 + 60 GB: w0 is full

        plan.Remove(1, 0, 4);

        Assert.Equal(0, plan.Count(1, 0));
        Assert.Equal(1, plan.Hosted(0));
        Assert.Equal(0, plan.Replicas(1));
        Assert.Equal(10 + 2 * 2 / 2.0, plan.Time(0));
        // b's 60 GB, its model slot and its replica are free again.
        Assert.True(plan.CanOpen(1, 0));
    }

    [Fact]
    public void CanOpen_RequiresNoSessionYet_AFreeSlot_AReplicaLeft_AndMemory()
    {
        var plan = Empty(k: 1);
        Assert.True(plan.CanOpen(0, 0));
        Assert.True(plan.CanOpen(1, 0));
        Assert.False(plan.CanOpen(1, 1)); // b (60 GB) does not fit w1 (50 GB)

        plan.Add(0, 0, 1);
        Assert.False(plan.CanOpen(0, 0)); // already open
        Assert.False(plan.CanOpen(1, 0)); // K = 1 reached on w0
        Assert.True(plan.CanOpen(0, 1));

        plan.Add(1, 1, 1); // forced past the fit rule: CanOpen only guards, Add places
        var capped = Empty();
        capped.Add(1, 0, 4);
        Assert.False(capped.CanOpen(1, 1)); // b's only replica is used (and it does not fit w1 either)
        capped.Add(0, 0, 1);
        capped.Add(0, 1, 1);
        Assert.Equal(2, capped.Replicas(0));
    }

    [Fact]
    public void CanOpen_ReplicaCapReached_IsFalseEvenWhereTheExpertFits()
    {
        var single = new CountPlan(new PlanningProblem(
            Instance with { Experts = [Instance.Experts[0] with { Prompts = 5 }], MaxModelsPerWorker = 2 },
            new IlpOptions()));

        single.Add(0, 0, 5);

        Assert.False(single.CanOpen(0, 1)); // R^max = ⌊10 / 10⌋ = 1
    }

    [Fact]
    public void CanOpen_CoResident_NeedsTheSumOfResidentModelsToFit()
    {
        var plan = Empty(MemoryConstraint.CoResident);

        plan.Add(0, 0, 1); // 30 of w0's 80 GB

        Assert.False(plan.CanOpen(1, 0)); // 30 + 60 > 80
        Assert.True(Empty(MemoryConstraint.FitEach).CanOpen(1, 0));
        var exact = new CountPlan(new PlanningProblem(
            Instance with { Workers = [new WorkerSpec("w0", MemoryGb: 90, Speed: 2), new WorkerSpec("w1", MemoryGb: 50)] },
            new IlpOptions { Memory = MemoryConstraint.CoResident }));
        exact.Add(0, 0, 1);
        Assert.True(exact.CanOpen(1, 0)); // 30 + 60 = 90: exactly full is allowed
    }

    [Fact]
    public void IsComplete_EveryPromptPlacedWithinTheCaps_IsTrue()
    {
        var plan = Empty();
        plan.Add(0, 0, 12);
        plan.Add(0, 1, 8);
        Assert.False(plan.IsComplete()); // b's prompts are missing

        plan.Add(1, 0, 4);

        Assert.True(plan.IsComplete());
        Assert.Equal(Math.Max(10 + 12 + 5 + 2, 10 + 16), plan.Makespan);
    }

    [Fact]
    public void IsComplete_TooManyPrompts_IsFalse()
    {
        var plan = Empty();
        plan.Add(0, 0, 21);
        plan.Add(1, 0, 4);

        Assert.False(plan.IsComplete());
    }

    [Fact]
    public void IsComplete_ReplicaCapExceeded_IsFalse()
    {
        var plan = Empty(MemoryConstraint.Off);
        plan.Add(0, 0, 20);
        plan.Add(1, 0, 2);
        plan.Add(1, 1, 2); // b has R^max = 1

        Assert.False(plan.IsComplete());
    }

    [Fact]
    public void IsComplete_MoreModelsThanK_IsFalse()
    {
        var plan = Empty(MemoryConstraint.Off, k: 1);
        plan.Add(0, 0, 20);
        plan.Add(1, 0, 4);

        Assert.False(plan.IsComplete());
    }

    [Fact]
    public void IsComplete_ModelOnAWorkerTooSmall_IsFalse()
    {
        var plan = Empty(MemoryConstraint.FitEach);
        plan.Add(0, 0, 20);
        plan.Add(1, 1, 4);

        Assert.False(plan.IsComplete());
        var off = Empty(MemoryConstraint.Off);
        off.Add(0, 0, 20);
        off.Add(1, 1, 4);
        Assert.True(off.IsComplete());
    }

    [Fact]
    public void IsComplete_CoResidentMemoryExceeded_IsFalse()
    {
        var plan = Empty(MemoryConstraint.CoResident);
        plan.Add(0, 0, 20);
        plan.Add(1, 0, 4); // 30 + 60 > 80

        Assert.False(plan.IsComplete());
    }

    [Fact]
    public void IsComplete_CoResidentMemoryExactlyFull_IsTrue()
    {
        var full = Instance with { Workers = [new WorkerSpec("w0", MemoryGb: 90, Speed: 2), new WorkerSpec("w1", MemoryGb: 50)] };
        var plan = new CountPlan(new PlanningProblem(full, new IlpOptions { Memory = MemoryConstraint.CoResident }));
        plan.Add(0, 0, 20);
        plan.Add(1, 0, 4); // 30 + 60 = 90 GB

        Assert.True(plan.IsComplete());
    }

    [Fact]
    public void Clone_AndToArray_AreIndependentCopies()
    {
        var plan = Empty();
        plan.Add(0, 0, 12);
        plan.Add(1, 0, 4);

        var clone = plan.Clone();
        var counts = plan.ToArray();
        clone.Add(0, 1, 8);
        counts[0, 0] = 99;

        Assert.Equal(12, plan.Count(0, 0));
        Assert.Equal(0, plan.Count(0, 1));
        Assert.Equal(8, clone.Count(0, 1));
        Assert.Equal(plan.Time(0), clone.Time(0));
        Assert.Equal(2, clone.Hosted(0));
        Assert.Equal(2, clone.Replicas(0));
        Assert.Equal(new[,] { { 12, 8 }, { 4, 0 } }, clone.ToArray());
    }

    [Fact]
    public void Makespan_WithoutWorkers_IsZero()
    {
        var problem = new PlanningProblem(Instance with { Workers = [] }, new IlpOptions());

        Assert.Equal(0, new CountPlan(problem).Makespan);
    }
}

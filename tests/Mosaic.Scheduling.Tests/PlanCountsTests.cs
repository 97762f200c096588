using Mosaic.Scheduling.Planning;

namespace Mosaic.Scheduling.Tests;

public sealed class PlanCountsTests
{
    // a: 30 prompts, R^max = min(⌊30 / 10⌋, 2) = 2; b: 5 prompts, R^max = max(1, ⌊5 / 10⌋) = 1; idle has none.
    private static readonly SchedulingInstance Instance = new(
        "counts",
        [
            new ExpertSpec("a", ExpertKind.Reasoning, 10, 1, 30, MemoryGb: 40),
            new ExpertSpec("idle", ExpertKind.Instruct, 10, 1, 0),
            new ExpertSpec("b", ExpertKind.Instruct, 10, 1, 5, MemoryGb: 50),
        ],
        [new WorkerSpec("w0", MemoryGb: 40), new WorkerSpec("w1", MemoryGb: 80)],
        2);

    private static SchedulePlan Plan(params (string Worker, (string Expert, int First, int Count)[] Sessions)[] workers) => new(
        "test",
        PlanStatus.Feasible,
        workers.Select(w => new WorkerPlan(
            w.Worker, w.Sessions.Select(s => new PlannedSession(s.Expert, Enumerable.Range(s.First, s.Count).ToArray(), 10, s.Count)).ToArray())).ToArray(),
        0,
        null,
        TimeSpan.Zero);

    private static readonly SchedulePlan Valid = Plan(("w0", [("a", 0, 10)]), ("w1", [("a", 10, 20), ("b", 0, 5)]));

    [Fact]
    public void Of_SumsEverySessionIntoActiveExpertByWorker()
    {
        var plan = Plan(("w0", [("a", 0, 4), ("a", 4, 6)]), ("w1", [("b", 0, 5), ("a", 10, 20)]));

        var counts = PlanCounts.Of(plan, Instance);

        Assert.Equal(new[,] { { 10, 20 }, { 0, 5 } }, counts);
    }

    [Theory]
    [InlineData(MemoryConstraint.Off)]
    [InlineData(MemoryConstraint.FitEach)]
    public void SatisfiesIlpConstraints_AValidPlan_IsAccepted(MemoryConstraint memory) =>
        Assert.True(PlanCounts.SatisfiesIlpConstraints(Valid, Instance, memory));

    [Fact]
    public void SatisfiesIlpConstraints_APromptMissing_IsRejected() =>
        Assert.False(PlanCounts.SatisfiesIlpConstraints(
            Plan(("w0", [("a", 0, 10)]), ("w1", [("a", 10, 19), ("b", 0, 5)])), Instance, MemoryConstraint.Off));

    [Fact]
    public void SatisfiesIlpConstraints_APromptTwice_IsRejected() =>
        Assert.False(PlanCounts.SatisfiesIlpConstraints(
            Plan(("w0", [("a", 0, 10)]), ("w1", [("a", 9, 21), ("b", 0, 5)])), Instance, MemoryConstraint.Off));

    [Fact]
    public void SatisfiesIlpConstraints_MoreReplicasThanTheCap_IsRejected() =>
        Assert.False(PlanCounts.SatisfiesIlpConstraints(
            Plan(("w0", [("a", 0, 10), ("b", 0, 2)]), ("w1", [("a", 10, 20), ("b", 2, 3)])), Instance, MemoryConstraint.Off));

    [Fact]
    public void SatisfiesIlpConstraints_MoreModelsThanKOnAWorker_IsRejected()
    {
        var plan = Plan(("w0", []), ("w1", [("a", 0, 30), ("b", 0, 5)]));

        Assert.True(PlanCounts.SatisfiesIlpConstraints(plan, Instance, MemoryConstraint.Off));
        Assert.False(PlanCounts.SatisfiesIlpConstraints(plan, Instance with { MaxModelsPerWorker = 1 }, MemoryConstraint.Off));
    }

    [Fact]
    public void SatisfiesIlpConstraints_ExpertOnAWorkerTooSmall_IsRejectedUnlessMemoryIsOff()
    {
        // b needs 50 GB, w0 has 40; a needs exactly w0's 40 GB, which fits.
        var plan = Plan(("w0", [("a", 0, 30), ("b", 0, 5)]), ("w1", []));

        Assert.True(PlanCounts.SatisfiesIlpConstraints(plan, Instance, MemoryConstraint.Off));
        Assert.False(PlanCounts.SatisfiesIlpConstraints(plan, Instance, MemoryConstraint.FitEach));
        Assert.False(PlanCounts.SatisfiesIlpConstraints(plan, Instance, MemoryConstraint.CoResident));
    }

    [Fact]
    public void SatisfiesIlpConstraints_CoResidentModelsOverTheWorkersMemory_AreRejectedOnlyWhenCoResident()
    {
        // w1 holds a (40 GB) and b (50 GB): each fits its 80 GB, together they do not.
        Assert.True(PlanCounts.SatisfiesIlpConstraints(Valid, Instance, MemoryConstraint.FitEach));
        Assert.False(PlanCounts.SatisfiesIlpConstraints(Valid, Instance, MemoryConstraint.CoResident));

        var roomy = Instance with { Workers = [new WorkerSpec("w0", MemoryGb: 40), new WorkerSpec("w1", MemoryGb: 90)] };
        Assert.True(PlanCounts.SatisfiesIlpConstraints(Valid, roomy, MemoryConstraint.CoResident));
    }

    [Fact]
    public void SatisfiesIlpConstraints_WorkerWithoutAMemoryFigure_TakesAnyModel()
    {
        var unknown = Instance with { Workers = [new WorkerSpec("w0"), new WorkerSpec("w1")] };
        var plan = Plan(("w0", [("a", 0, 30), ("b", 0, 5)]), ("w1", []));

        Assert.True(PlanCounts.SatisfiesIlpConstraints(plan, unknown, MemoryConstraint.CoResident));
    }
}

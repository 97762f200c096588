using Mosaic.Abstractions.Jobs;
using Mosaic.Grains.Jobs;

namespace Mosaic.Grains.Tests;

public sealed class SharedSlotsTests
{
    private static readonly QuestionSpec Question = new("q", "text", ["a", "b", "a", "c", "b"]);

    [Fact]
    public void LeaderOf_SharingOn_EveryRepeatTakesTheFirstSlotOfItsExpert()
    {
        var spec = Spec(share: true);

        Assert.Equal([0, 1, 0, 3, 1], Enumerable.Range(0, 5).Select(slot => SharedSlots.LeaderOf(spec, Question, slot)));
        Assert.Equal([true, true, false, true, false], Enumerable.Range(0, 5).Select(slot => SharedSlots.RunsCall(spec, Question, slot)));
        Assert.Equal([0, 2], AnsweredBy(spec, 0));
        Assert.Equal([1, 4], AnsweredBy(spec, 1));
        Assert.Equal([3], AnsweredBy(spec, 3));
    }

    [Fact]
    public void LeaderOf_SharingOff_EverySlotRunsItsOwnCall()
    {
        var spec = Spec(share: false);

        Assert.Equal([0, 1, 2, 3, 4], Enumerable.Range(0, 5).Select(slot => SharedSlots.LeaderOf(spec, Question, slot)));
        Assert.Equal([0], AnsweredBy(spec, 0));
    }

    [Fact]
    public void AllCalls_SharingOn_PlansOneCallPerQuestionAndExpert()
    {
        var shared = JobPlanning.AllCalls(Spec(share: true));
        var every = JobPlanning.AllCalls(Spec(share: false));

        Assert.Equal([(0, "a"), (1, "b"), (3, "c")], shared.Select(c => (c.Slot, c.Expert)));
        Assert.Equal(5, every.Count);
    }

    private static int[] AnsweredBy(JobSpec spec, int leader)
    {
        var slots = new int[Question.Experts.Count];
        return slots[..SharedSlots.AnsweredBy(spec, Question, leader, slots)];
    }

    private static JobSpec Spec(bool share) => new([Question], ["a", "b", "c"], "agg", GateSpec.Off, ShareRepeatedCalls: share);
}

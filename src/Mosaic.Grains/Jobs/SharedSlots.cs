using Mosaic.Abstractions.Jobs;

namespace Mosaic.Grains.Jobs;

/// <summary>
/// Which slots of a question run a call of their own. With <see cref="JobSpec.ShareRepeatedCalls"/> a slot routed to
/// an expert that an earlier slot of the same question already has is a follower: it runs nothing and takes the first
/// such slot's (its leader's) outcome.
/// </summary>
internal static class SharedSlots
{
    /// <summary>The slot whose call answers <paramref name="slot"/>: itself, unless sharing is on and an earlier slot has the same expert.</summary>
    public static int LeaderOf(JobSpec spec, QuestionSpec question, int slot)
    {
        if (!spec.ShareRepeatedCalls)
        {
            return slot;
        }

        var expert = question.Experts[slot];
        for (var earlier = 0; earlier < slot; earlier++)
        {
            if (string.Equals(question.Experts[earlier], expert, StringComparison.Ordinal))
            {
                return earlier;
            }
        }

        return slot;
    }

    public static bool RunsCall(JobSpec spec, QuestionSpec question, int slot) => LeaderOf(spec, question, slot) == slot;

    /// <summary>
    /// Writes the slots answered by <paramref name="leader"/>'s call into <paramref name="slots"/> (the leader first, then
    /// its followers; room for every slot of the question) and returns how many there are.
    /// </summary>
    public static int AnsweredBy(JobSpec spec, QuestionSpec question, int leader, Span<int> slots)
    {
        slots[0] = leader;
        var count = 1;
        for (var later = leader + 1; spec.ShareRepeatedCalls && later < question.Experts.Count; later++)
        {
            if (LeaderOf(spec, question, later) == leader)
            {
                slots[count++] = later;
            }
        }

        return count;
    }
}

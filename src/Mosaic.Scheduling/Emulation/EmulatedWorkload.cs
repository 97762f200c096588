namespace Mosaic.Scheduling.Emulation;

/// <summary>
/// A paper-shaped workload: the instance's routed slots (Table 3) shuffled with a seed and dealt three per question.
/// The router draws experts with replacement, so a question may hold one expert twice. The first M slots are put in
/// the instance's expert order so that "first seen in the query queue" (the paper's round-robin order) is the
/// instance's order.
/// </summary>
public static class EmulatedWorkload
{
    public const int SlotsPerQuestion = 3;

    public static IReadOnlyList<EmulatedQuestion> Deal(SchedulingInstance instance, int seed)
    {
        var active = instance.ActiveExperts;
        var total = instance.TotalPrompts;
        if (total % SlotsPerQuestion != 0)
        {
            throw new InvalidInstanceException(
                $"instance '{instance.Name}' has {total} routed slots, not a multiple of {SlotsPerQuestion} per question");
        }

        var slots = active.SelectMany(e => Enumerable.Repeat(e.Name, e.Prompts)).ToArray();
        var random = new StableRandom(seed, "deal", instance.Name);
        for (var i = slots.Length - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (slots[i], slots[j]) = (slots[j], slots[i]);
        }

        // Move each expert's first slot to position m so the first-seen order is the instance's order.
        for (var m = 0; m < active.Count; m++)
        {
            var first = Array.FindIndex(slots, m, s => s == active[m].Name);
            (slots[m], slots[first]) = (slots[first], slots[m]);
        }

        var width = (total / SlotsPerQuestion - 1).ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        return Enumerable.Range(0, total / SlotsPerQuestion)
            .Select(i => new EmulatedQuestion(
                "q" + i.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width, '0'),
                slots.AsSpan(SlotsPerQuestion * i, SlotsPerQuestion).ToArray()))
            .ToArray();
    }

    /// <summary>
    /// Expert m's prompt ids 0 … N_m − 1 in the order its slots appear (question by question, slot by slot): the
    /// mapping from a plan's prompt ids back to (question index, slot).
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<(int Question, int Slot)>> SlotsOfExpert(
        IReadOnlyList<EmulatedQuestion> questions)
    {
        var result = new Dictionary<string, List<(int, int)>>(StringComparer.Ordinal);
        for (var q = 0; q < questions.Count; q++)
        {
            for (var slot = 0; slot < questions[q].Experts.Count; slot++)
            {
                var expert = questions[q].Experts[slot];
                if (!result.TryGetValue(expert, out var list))
                {
                    result[expert] = list = [];
                }

                list.Add((q, slot));
            }
        }

        return result.ToDictionary(p => p.Key, p => (IReadOnlyList<(int, int)>)p.Value, StringComparer.Ordinal);
    }
}

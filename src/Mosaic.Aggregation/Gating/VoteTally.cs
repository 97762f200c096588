using System.Collections.Immutable;

namespace Mosaic.Aggregation.Gating;

/// <summary>Counts votes per answer under a same-expert policy; the ordering makes it independent of slot order.</summary>
internal sealed record VoteTally(ImmutableArray<AnswerVotes> Votes, int NonVotes)
{
    public static VoteTally Count(IReadOnlyList<ExpertAnswer> answers, SameExpertPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var nonVotes = 0;
        var slotsPerAnswer = new Dictionary<string, int>(StringComparer.Ordinal);
        var expertsPerAnswer = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var slot in answers)
        {
            ArgumentNullException.ThrowIfNull(slot);
            if (slot.Answer is null)
            {
                nonVotes++;
                continue;
            }

            slotsPerAnswer[slot.Answer] = slotsPerAnswer.GetValueOrDefault(slot.Answer) + 1;
            if (!expertsPerAnswer.TryGetValue(slot.Answer, out var experts))
            {
                experts = new HashSet<string>(StringComparer.Ordinal);
                expertsPerAnswer[slot.Answer] = experts;
            }

            experts.Add(slot.ExpertId);
        }

        var votes = slotsPerAnswer
            .Select(pair => new AnswerVotes(
                pair.Key,
                policy == SameExpertPolicy.CountOncePerExpert ? expertsPerAnswer[pair.Key].Count : pair.Value))
            .OrderByDescending(v => v.Votes)
            .ThenBy(v => v.Answer, StringComparer.Ordinal)
            .ToImmutableArray();
        return new VoteTally(votes, nonVotes);
    }

    public int Top => Votes.IsEmpty ? 0 : Votes[0].Votes;

    public int RunnerUp => Votes.Length < 2 ? 0 : Votes[1].Votes;

    public bool HasUniqueLeader => !Votes.IsEmpty && Top > RunnerUp;
}

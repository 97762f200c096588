using System.Collections.Immutable;
using System.Globalization;

namespace Mosaic.Aggregation.Gating;

/// <summary>
/// MOSAIC's confidence gate (Eq. 11): skip the aggregator and return the majority answer when the experts agree
/// enough. A failed extraction is a non-vote: it never agrees with anything and still counts in k. A tie for the
/// largest group always goes to the aggregator, so no answer is ever picked arbitrarily.
/// </summary>
public static class ConfidenceGate
{
    /// <summary>The decision once all k slots have answered.</summary>
    public static GateDecision Decide(IReadOnlyList<ExpertAnswer> answers, GateSettings settings)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(settings);
        if (answers.Count == 0)
        {
            throw new ArgumentException("the gate needs at least one slot", nameof(answers));
        }

        var tally = VoteTally.Count(answers, settings.SameExpert);
        var k = answers.Count;
        var fraction = (double)tally.Top / k;
        var confidence = Statistic(settings, tally.Top, tally.RunnerUp, k);
        var passes = settings.Passes(confidence);
        var skip = tally.HasUniqueLeader && passes;
        var reason = settings.Rule == GateRule.Off
            ? $"{Describe(tally, k, settings.SameExpert)}; the gate is off: call the aggregator"
            : tally.Votes.IsEmpty
            ? $"no slot gave an answer ({k} non-votes): call the aggregator"
            : !tally.HasUniqueLeader
                ? $"{Describe(tally, k, settings.SameExpert)}; tie for the largest group: call the aggregator"
                : $"{Describe(tally, k, settings.SameExpert)}; {Compare(settings, confidence, passes)}: "
                  + (skip ? $"skip the aggregator, answer {tally.Votes[0].Answer}" : "call the aggregator");
        return new GateDecision(
            skip ? GateOutcome.SkipAggregator : GateOutcome.CallAggregator,
            skip ? tally.Votes[0].Answer : null,
            tally.Votes,
            k,
            tally.NonVotes,
            fraction,
            confidence,
            settings,
            reason);
    }

    /// <summary>
    /// What is already known with <paramref name="pending"/> of the k slots still running. The pending slots may be
    /// filled by any expert, so under <see cref="SameExpertPolicy.CountOncePerExpert"/> the answer is safe but can
    /// be more cautious than necessary.
    /// </summary>
    public static EarlyDecision DecideEarly(IReadOnlyList<ExpertAnswer> received, int pending, GateSettings settings)
    {
        ArgumentNullException.ThrowIfNull(received);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegative(pending);
        var k = received.Count + pending;
        if (k == 0)
        {
            throw new ArgumentException("the gate needs at least one slot", nameof(received));
        }

        if (pending == 0)
        {
            var full = Decide(received, settings);
            return full.SkipsAggregator
                ? new EarlyDecision.Settled(full)
                : new EarlyDecision.BoundForAggregator(full.Reason);
        }

        var tally = VoteTally.Count(received, settings.SameExpert);
        var waiting = $"{pending} of {k} slots pending";
        if (settings.Rule == GateRule.Off)
        {
            return new EarlyDecision.BoundForAggregator($"{Describe(tally, k, settings.SameExpert)}; the gate is off: call the aggregator");
        }

        // Settled: the worst the pending slots can do is fail (the leader gains nothing) or all back the strongest
        // rival. If the leader still leads alone and passes, every completion skips with the leader's answer.
        if (tally.HasUniqueLeader && tally.Top > tally.RunnerUp + pending)
        {
            var worst = Statistic(settings, tally.Top, tally.RunnerUp + pending, k);
            if (settings.Passes(worst))
            {
                var leader = tally.Votes[0].Answer;
                var reason = $"{Describe(tally, k, settings.SameExpert)}; {waiting} cannot overturn it "
                    + $"({Compare(settings, worst, passes: true)} in the worst case): skip the aggregator, answer {leader}";
                return new EarlyDecision.Settled(new GateDecision(
                    GateOutcome.SkipAggregator,
                    leader,
                    tally.Votes,
                    k,
                    tally.NonVotes,
                    (double)tally.Top / k,
                    worst,
                    settings,
                    reason));
            }
        }

        // Bound for the aggregator: not even the best case for any answer (every pending slot backing it) passes.
        if (!CanStillSkip(tally, pending, k, settings))
        {
            return new EarlyDecision.BoundForAggregator(
                $"{Describe(tally, k, settings.SameExpert)}; {waiting} cannot lift any answer over the threshold: call the aggregator");
        }

        return new EarlyDecision.Undecided($"{Describe(tally, k, settings.SameExpert)}; {waiting} can still change the outcome");
    }

    private static bool CanStillSkip(VoteTally tally, int pending, int k, GateSettings settings)
    {
        // A fresh answer that only pending slots give has 0 votes now; the strongest existing answer is its rival.
        if (CanWin(pending, tally.Top, k, settings))
        {
            return true;
        }

        for (var i = 0; i < tally.Votes.Length; i++)
        {
            var rival = i == 0 ? tally.RunnerUp : tally.Top;
            if (CanWin(tally.Votes[i].Votes + pending, rival, k, settings))
            {
                return true;
            }
        }

        return false;
    }

    private static bool CanWin(int votes, int rival, int k, GateSettings settings) =>
        votes > rival && settings.Passes(Statistic(settings, votes, rival, k));

    private static double Statistic(GateSettings settings, int leader, int runnerUp, int k) => settings.Rule switch
    {
        GateRule.VoteFraction => (double)leader / k,
        GateRule.Beta => BetaRule.ProbabilityLeaderIsMajority(leader, runnerUp),
        GateRule.Off => (double)leader / k,
        _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Rule, "unknown gate rule"),
    };

    private static string Describe(VoteTally tally, int k, SameExpertPolicy policy)
    {
        var votes = tally.Votes.IsEmpty
            ? "no votes"
            : string.Join(", ", tally.Votes.Select(v => $"{v.Answer}: {v.Votes}"));
        var counted = policy == SameExpertPolicy.CountOncePerExpert ? " (an expert counted once per answer)" : "";
        return tally.NonVotes == 0
            ? $"votes {votes} of {k} slots{counted}"
            : $"votes {votes} of {k} slots{counted}, {tally.NonVotes} without an answer (failed, cut off or none extracted)";
    }

    private static string Compare(GateSettings settings, double statistic, bool passes)
    {
        var name = settings.Rule == GateRule.VoteFraction ? "C" : "P(p>1/2)";
        var op = passes ? ">=" : "<";
        return string.Create(CultureInfo.InvariantCulture, $"{name} = {statistic:0.###} {op} tau = {settings.Threshold:0.###}");
    }
}

using System.Globalization;
using System.Text;
using Mosaic.Aggregation.Gating;

namespace Mosaic.Scheduling.Jobs;

/// <summary>
/// Prices a plan's early decisions. The planner places every call, but with early decisions the gate cancels a call
/// whose answer can no longer change the outcome, so the stage ends sooner than the plan's makespan. For each question
/// the calls are taken in the order the plan finishes them (within a session, as the engine's batching below does);
/// every pattern of right and wrong answers is weighed by the experts' accuracies (wrong answers never agree with each
/// other), fed to the job's own <see cref="QuestionGate"/>, and a call the gate cancels saves the part of its share of
/// its session that would still have been spent at the decision. A worker ends sooner by what its sessions save.
/// <para>
/// A worker's engine batches continuously, <c>batchWidth</c> calls at a time: a session's first calls all start with
/// its generation and each later call starts as an earlier one ends, so a call runs for as long as the width's worth of
/// shares (all of a session narrower than the width runs for the whole session). Its share of the work is spread over
/// that window: a call cancelled before it started saves all of its share, one cancelled while it runs the part of its
/// window still to come. A width of 1 is calls run one after another.
/// </para>
/// </summary>
public static class EarlyDecisionForecaster
{
    /// <summary>Questions with more calls than this are not priced (2^n answer patterns each).</summary>
    public const int MaxCallsPerQuestion = 10;

    public static ExpertStageForecast Forecast(StagePlan plan, IReadOnlyList<ForecastQuestion> questions, GateSettings gate, bool earlyDecisions, int batchWidth = 1)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchWidth, 1);
        if (!earlyDecisions || gate.Rule == GateRule.Off)
        {
            return ExpertStageForecast.Unchanged(plan);
        }

        var timings = Timings(plan, batchWidth);
        var saved = new double[plan.Workers.Count];
        var patterns = new Dictionary<string, IReadOnlyList<Cancellation>>(StringComparer.Ordinal);
        var cancelled = 0.0;
        var priced = 0;
        for (var q = 0; q < questions.Count; q++)
        {
            if (Calls(q, questions[q], timings) is not { } calls)
            {
                continue;
            }

            var key = Key(questions[q], calls);
            if (!patterns.TryGetValue(key, out var outcomes))
            {
                patterns[key] = outcomes = Cancellations(questions[q], calls, gate);
            }

            priced++;
            foreach (var outcome in outcomes)
            {
                var decidedAt = calls[outcome.DecidedBy].Timing.FinishSeconds;
                foreach (var position in outcome.Cancelled)
                {
                    var timing = calls[position].Timing;
                    cancelled += outcome.Probability;
                    saved[timing.Worker] += outcome.Probability * timing.UnspentAt(decidedAt);
                }
            }
        }

        var workers = plan.Workers.Select((w, i) => Math.Max(0, w.BusySeconds - saved[i])).ToArray();
        return new ExpertStageForecast(workers.DefaultIfEmpty(0).Max(), cancelled, priced, workers);
    }

    /// <summary>When each planned call starts and finishes and its share of its session's generation time, by (question, slot).</summary>
    private static Dictionary<(int Question, int Slot), CallTiming> Timings(StagePlan plan, int batchWidth)
    {
        var timings = new Dictionary<(int, int), CallTiming>();
        for (var w = 0; w < plan.Workers.Count; w++)
        {
            foreach (var session in plan.Workers[w].Sessions)
            {
                var generationStart = session.StartSeconds + session.LoadSeconds;
                var share = session.Calls.Count == 0 ? 0 : Math.Max(0, session.EndSeconds - generationStart) / session.Calls.Count;
                var width = Math.Min(batchWidth, session.Calls.Count);
                for (var i = 0; i < session.Calls.Count; i++)
                {
                    var start = generationStart + (Math.Max(0, i - width + 1) * share);
                    timings[(session.Calls[i].QuestionIndex, session.Calls[i].Slot)] = new CallTiming(w, start, start + (width * share), share);
                }
            }
        }

        return timings;
    }

    /// <summary>The question's calls (one per leader slot) in the order they finish, or null when it cannot be priced.</summary>
    private static PlannedCall[]? Calls(int question, ForecastQuestion q, Dictionary<(int, int), CallTiming> timings)
    {
        if (q.Accuracy is not { } accuracy || accuracy.Count != q.Experts.Count || q.Leaders.Count != q.Experts.Count)
        {
            return null;
        }

        var calls = new List<PlannedCall>();
        for (var slot = 0; slot < q.Experts.Count; slot++)
        {
            if (q.Leaders[slot] != slot)
            {
                continue;
            }

            if (!timings.TryGetValue((question, slot), out var timing) || !double.IsFinite(accuracy[slot]))
            {
                return null;
            }

            calls.Add(new PlannedCall(slot, timing));
        }

        return calls.Count is < 2 or > MaxCallsPerQuestion
            ? null
            : calls.OrderBy(c => c.Timing.FinishSeconds).ThenBy(c => c.Slot).ToArray();
    }

    /// <summary>Everything the outcomes depend on: each call's expert, accuracy and the slots it answers, in finishing order.</summary>
    private static string Key(ForecastQuestion q, PlannedCall[] calls)
    {
        var key = new StringBuilder();
        foreach (var call in calls)
        {
            key.Append(q.Experts[call.Slot]).Append('\u001f')
                .Append(q.Accuracy![call.Slot].ToString("R", CultureInfo.InvariantCulture)).Append('\u001f')
                .Append(q.Leaders.Count(l => l == call.Slot)).Append('\u001e');
        }

        return key.ToString();
    }

    /// <summary>Every answer pattern the gate settles early, with its probability, the call that settles it and the calls it cancels.</summary>
    private static IReadOnlyList<Cancellation> Cancellations(ForecastQuestion q, PlannedCall[] calls, GateSettings gate)
    {
        var outcomes = new List<Cancellation>();
        for (var pattern = 0; pattern < 1 << calls.Length; pattern++)
        {
            var probability = 1.0;
            for (var i = 0; i < calls.Length; i++)
            {
                var accuracy = Math.Clamp(q.Accuracy![calls[i].Slot], 0, 1);
                probability *= Right(pattern, i) ? accuracy : 1 - accuracy;
            }

            if (probability > 0 && SettledEarly(q, calls, gate, pattern) is var (decidedBy, cancelledCalls))
            {
                outcomes.Add(new Cancellation(probability, decidedBy, cancelledCalls));
            }
        }

        return outcomes;
    }

    private static (int DecidedBy, int[] Cancelled)? SettledEarly(ForecastQuestion q, PlannedCall[] calls, GateSettings gate, int pattern)
    {
        var questionGate = new QuestionGate(q.Experts, gate, earlyDecisions: true);
        for (var i = 0; i < calls.Length; i++)
        {
            var slots = Enumerable.Range(0, q.Experts.Count).Where(s => q.Leaders[s] == calls[i].Slot).ToArray();
            var step = questionGate.Record(slots, Right(pattern, i) ? "right" : $"wrong {i}");
            if (step is GateStep.Decided decided)
            {
                return decided.Early
                    ? (i, Enumerable.Range(i + 1, calls.Length - i - 1).Where(p => decided.CancelSlots.Contains(calls[p].Slot)).ToArray())
                    : null;
            }
        }

        return null;
    }

    private static bool Right(int pattern, int call) => (pattern & (1 << call)) != 0;

    private readonly record struct CallTiming(int Worker, double StartSeconds, double FinishSeconds, double ShareSeconds)
    {
        /// <summary>
        /// The part of the call's share not yet spent at <paramref name="seconds"/>: all of it before it starts, none once
        /// it has finished. A call with no window (a session of no generation time) has no share to save.
        /// </summary>
        public double UnspentAt(double seconds) => FinishSeconds <= StartSeconds
            ? 0
            : ShareSeconds * Math.Clamp((FinishSeconds - seconds) / (FinishSeconds - StartSeconds), 0, 1);
    }

    private readonly record struct PlannedCall(int Slot, CallTiming Timing);

    private sealed record Cancellation(double Probability, int DecidedBy, int[] Cancelled);
}

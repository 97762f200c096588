using Mosaic.Abstractions.Results;
using Mosaic.Gateway.Hosting;
using static System.FormattableString;

namespace Mosaic.Gateway.Health;

/// <summary>
/// Why warm-up calls failed, in one line for <see cref="GatewayWarmUp"/>'s warning: each model and error (the worker's
/// words, e.g. "loading judge failed: …") with how many calls on which workers, the most frequent first.
/// </summary>
internal static class WarmUpFailures
{
    /// <summary>A failure on every worker and model should not make the line unreadable.</summary>
    private const int Shown = 3;

    public static string Describe(IEnumerable<QuestionResult> results)
    {
        var reasons = results
            .SelectMany(r => r.ExpertCalls.Append(r.AggregatorCall))
            .OfType<ExpertCallResult>()
            .Where(c => c is { Status: CallStatus.Failed, SharedFromSlot: null })
            .GroupBy(c => (c.Expert, Error: FirstLine(c.Error)))
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key.Expert, StringComparer.Ordinal)
            .ToArray();
        var shown = reasons.Take(Shown).Select(g => Invariant($"{g.Key.Expert} ({Calls(g.Count())}{Workers(g)}): {g.Key.Error}"));
        return reasons.Length switch
        {
            0 => "no failed call was found in the jobs' results",
            > Shown => Invariant($"{string.Join("; ", shown)}; and {reasons.Length - Shown} more"),
            _ => string.Join("; ", shown),
        };
    }

    private static string Calls(int count) => count == 1 ? "1 call" : Invariant($"{count} calls");

    private static string Workers(IEnumerable<ExpertCallResult> calls) =>
        calls.Select(c => c.Worker).Where(w => w.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray() is { Length: > 0 } workers
            ? $" on {string.Join(", ", workers)}"
            : "";

    private static string FirstLine(string? error) => error is not null && ErrorLine.First(error) is { Length: > 0 } line ? line : "no reason given";
}

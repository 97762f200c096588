using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation;
using Mosaic.Routing;

namespace Mosaic.Cli.Demo;

/// <summary>
/// The demo's unreported warm-up job: every expert of the pool run on every worker, data parallel, every question
/// aggregated. A model's first session on a worker runs cold (code compiled, memory touched for the first time); after
/// this job none of the reported runs' expert sessions do, so the baseline's sessions all reach the speed calibration
/// and the first MOSAIC plan is priced from every expert, not from the one the warm-up happened to place.
/// </summary>
internal static class DemoWarmUp
{
    /// <summary>Every call runs (no gate, no shared calls, no early decisions), so no planned session is skipped.</summary>
    public static DemoRunConfig Config { get; } = new("warm-up", SchedulerKind.DataParallel, GateSpec.Off, OverlapStages: true);

    /// <summary>
    /// The first <paramref name="minimum"/> of <paramref name="candidates"/>, then each later one that is routed to an
    /// expert with fewer than <paramref name="workers"/> calls so far, until every one of <paramref name="experts"/> has
    /// that many (data parallel then gives each worker at least one call of each). Fewer only if the candidates run out.
    /// </summary>
    public static List<RoutedQuestion> Questions(IReadOnlyList<RoutedQuestion> candidates, int minimum, IReadOnlyList<string> experts, int workers)
    {
        var chosen = candidates.Take(minimum).ToList();
        var calls = experts.ToDictionary(e => e, e => chosen.Sum(q => q.Experts.Count(x => x == e)), StringComparer.Ordinal);
        foreach (var question in candidates.Skip(minimum))
        {
            if (calls.Values.All(c => c >= workers))
            {
                break;
            }

            if (question.Experts.Any(e => calls.TryGetValue(e, out var c) && c < workers))
            {
                chosen.Add(question);
                foreach (var expert in question.Experts.Where(calls.ContainsKey))
                {
                    calls[expert]++;
                }
            }
        }

        return chosen;
    }
}

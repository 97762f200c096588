namespace Mosaic.Scheduling.Simulation;

/// <summary>
/// Realized per-prompt costs: <c>Seconds[expert][q]</c> is how long prompt q of that expert really took on a worker
/// of speed 1 (its share of the batched engine run), with the output tokens it produced.
/// </summary>
public sealed record Trace(
    IReadOnlyDictionary<string, IReadOnlyList<double>> Seconds,
    IReadOnlyDictionary<string, IReadOnlyList<int>> OutputTokens)
{
    /// <summary>A trace whose realized costs are exactly the instance's predictions.</summary>
    public static Trace FromPredictions(SchedulingInstance instance) => new(
        instance.ActiveExperts.ToDictionary(
            e => e.Name, e => (IReadOnlyList<double>)Enumerable.Range(0, e.Prompts).Select(e.PromptCost).ToArray(), StringComparer.Ordinal),
        instance.ActiveExperts.ToDictionary(
            e => e.Name, e => (IReadOnlyList<int>)new int[e.Prompts], StringComparer.Ordinal));

    public double Cost(string expert, int promptId) =>
        Seconds.TryGetValue(expert, out var costs)
            ? costs[promptId]
            : throw new ArgumentException($"the trace has no costs for expert '{expert}'", nameof(expert));
}

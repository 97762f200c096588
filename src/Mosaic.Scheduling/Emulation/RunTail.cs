namespace Mosaic.Scheduling.Emulation;

/// <summary>
/// Why an engine run of few prompts is slow (paper Appendix A.6): a run cannot end before its longest generations have
/// drained at low concurrency, so its generation time is max(Σ call shares, D(n)) with the floor
/// D(n) = plateau · (1 − (1 − shape)^n), which rises with the run's size n and levels off at the plateau. For
/// instruction models the plateau is about a minute (fitted so that 137–239-prompt shards lose 40–60% of their
/// throughput while full runs and Gemma's 408-prompt shards stay saturated); reasoning models have none (their
/// throughput is flat in shard size).
/// </summary>
/// <param name="InstructPlateauSeconds">D(∞) of instruction experts.</param>
/// <param name="ReasoningPlateauSeconds">D(∞) of reasoning experts.</param>
/// <param name="Shape">How fast the floor reaches its plateau: the chance that one more prompt brings a longest-ever
/// generation (read as the share of generations that run to max_tokens).</param>
public sealed record RunTail(double InstructPlateauSeconds, double ReasoningPlateauSeconds, double Shape)
{
    /// <summary>No floor at all: generation time is linear in the calls (the planner's view, Eq. 3).</summary>
    public static RunTail None { get; } = new(0, 0, 0);

    public double PlateauSeconds(ExpertKind kind) => kind == ExpertKind.Reasoning ? ReasoningPlateauSeconds : InstructPlateauSeconds;

    /// <summary>D(n): the shortest generation time of one run of <paramref name="prompts"/> prompts.</summary>
    public double FloorSeconds(ExpertKind kind, int prompts) =>
        prompts <= 0 ? 0 : PlateauSeconds(kind) * (1 - Math.Pow(1 - Shape, prompts));

    /// <summary>T(n): generation time of a run whose calls' saturated shares add up to <paramref name="shareSeconds"/>.</summary>
    public double GenerationSeconds(ExpertKind kind, int prompts, double shareSeconds) =>
        Math.Max(shareSeconds, FloorSeconds(kind, prompts));
}

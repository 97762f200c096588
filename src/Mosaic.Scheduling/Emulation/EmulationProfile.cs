namespace Mosaic.Scheduling.Emulation;

/// <summary>
/// The calibrated behaviour of one dataset's workload: how its questions split into agreement patterns, how much
/// longer the experts write on the harder ones, each expert's costs, the run tail, the aggregator and who is right.
/// <see cref="PaperCalibration"/> derives one per paper dataset; <c>docs/emulation.md</c> shows the derivation.
/// </summary>
/// <param name="Instance">The scheduling instance this profile belongs to (e.g. <c>paper:mmlu-pro</c>).</param>
/// <param name="AnswerOptions">Options per question (10 for MMLU-Pro, 4 otherwise).</param>
/// <param name="Patterns">Fraction of questions per agreement pattern (sums to 1).</param>
/// <param name="LengthMultipliers">Mean output of a call on a question of each pattern relative to the dataset mean
/// (Σ_b Patterns_b · LengthMultipliers_b = 1).</param>
/// <param name="Experts">Per-expert behaviour, by name.</param>
/// <param name="Tail">Run floors of the experts' engine runs (T(N), Appendix A.6).</param>
/// <param name="Aggregator">The aggregator.</param>
/// <param name="Answers">Correctness per pattern.</param>
public sealed record EmulationProfile(
    string Instance,
    int AnswerOptions,
    PatternValues Patterns,
    PatternValues LengthMultipliers,
    IReadOnlyDictionary<string, ExpertEmulation> Experts,
    RunTail Tail,
    AggregatorEmulation Aggregator,
    AnswerRates Answers)
{
    public ExpertEmulation Expert(string name) =>
        Experts.TryGetValue(name, out var expert)
            ? expert
            : throw new ArgumentException($"the emulation profile of '{Instance}' has no expert '{name}'", nameof(name));
}

namespace Mosaic.Scheduling.Emulation;

/// <summary>
/// What the MOSAIC paper published about one benchmark (4 A100s, seed 0 slots), the figures the emulation is
/// calibrated to or checked against. Times in seconds; rates and accuracies as fractions.
/// </summary>
/// <param name="Instance">The matching scheduling instance.</param>
/// <param name="Questions">Test questions.</param>
/// <param name="AnswerOptions">Options per question.</param>
/// <param name="UnanimousRate">Share of 3:0 questions = the skip rate at τ = 1 (Table 1).</param>
/// <param name="SkipRate">Skip rate at τ = 2/3 = 3:0 + 2:1 (Table 1).</param>
/// <param name="BaselineExpertSeconds">Round-robin expert stage (e2e − aggregator, §7).</param>
/// <param name="BaselineAggregatorSeconds">Full aggregation, TP = 4.</param>
/// <param name="MosaicAggregatorSeconds">Aggregator stage at τ = 2/3.</param>
/// <param name="MosaicExpertMinSeconds">Fastest MOSAIC expert stage reported (Figure 5 and Table 4).</param>
/// <param name="MosaicExpertMaxSeconds">Slowest per-seed MOSAIC expert stage (Table 4).</param>
/// <param name="MosaicEndToEndSeconds">MOSAIC end to end.</param>
/// <param name="FullAggregatorAccuracy">Accuracy with every question aggregated (Table 1).</param>
/// <param name="ConservativeAccuracyDelta">Accuracy change at τ = 1 (fraction, Table 1).</param>
/// <param name="AggressiveAccuracyDelta">Accuracy change at τ = 2/3 (fraction, Table 1).</param>
/// <param name="AggregatorModel">The aggregator: not named by the paper; Symbolic-MoE's choice for the dataset.</param>
public sealed record PaperDataset(
    string Instance,
    int Questions,
    int AnswerOptions,
    double UnanimousRate,
    double SkipRate,
    double BaselineExpertSeconds,
    double BaselineAggregatorSeconds,
    double MosaicAggregatorSeconds,
    double MosaicExpertMinSeconds,
    double MosaicExpertMaxSeconds,
    double MosaicEndToEndSeconds,
    double FullAggregatorAccuracy,
    double ConservativeAccuracyDelta,
    double AggressiveAccuracyDelta,
    string AggregatorModel)
{
    public double BaselineEndToEndSeconds => BaselineExpertSeconds + BaselineAggregatorSeconds;

    /// <summary>Fraction of questions per agreement pattern.</summary>
    public PatternValues Patterns => new(UnanimousRate, SkipRate - UnanimousRate, 1 - SkipRate);
}

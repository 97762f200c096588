namespace Mosaic.Aggregation.Gating;

/// <summary>The gate's rule, threshold and same-expert policy.</summary>
/// <param name="Threshold">
/// τ for <see cref="GateRule.VoteFraction"/> (1 conservative, 2/3 aggressive); the required P(p &gt; 1/2) for
/// <see cref="GateRule.Beta"/> (0.95 in Adaptive-Consistency). Compared with a tolerance of
/// <see cref="Tolerance"/>, so 2/3 accepts 2 of 3 votes.
/// </param>
public sealed record GateSettings(
    GateRule Rule,
    double Threshold,
    SameExpertPolicy SameExpert = SameExpertPolicy.CountEverySlot)
{
    public const double Tolerance = 1e-9;

    /// <summary>MOSAIC's τ = 1: skip only on unanimity.</summary>
    public static GateSettings Conservative { get; } = new(GateRule.VoteFraction, 1.0);

    /// <summary>MOSAIC's τ = 2/3: skip when two of three agree.</summary>
    public static GateSettings Aggressive { get; } = new(GateRule.VoteFraction, 2.0 / 3.0);

    /// <summary>No gate: the paper's full-aggregation baseline.</summary>
    public static GateSettings Off { get; } = new(GateRule.Off, 1.0);

    /// <summary>Adaptive-Consistency's default Beta rule at 0.95.</summary>
    public static GateSettings AdaptiveConsistency { get; } = new(GateRule.Beta, 0.95);

    public double Threshold { get; } = double.IsFinite(Threshold)
        ? Threshold
        : throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "the gate threshold must be a finite number");

    public GateRule Rule { get; } = Enum.IsDefined(Rule)
        ? Rule
        : throw new ArgumentOutOfRangeException(nameof(Rule), Rule, "unknown gate rule");

    public SameExpertPolicy SameExpert { get; } = Enum.IsDefined(SameExpert)
        ? SameExpert
        : throw new ArgumentOutOfRangeException(nameof(SameExpert), SameExpert, "unknown same-expert policy");

    internal bool Passes(double statistic) => Rule != GateRule.Off && statistic >= Threshold - Tolerance;
}

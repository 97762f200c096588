namespace Mosaic.Scheduling.Emulation;

/// <summary>One number per agreement pattern (a rate, a length multiplier, an accuracy).</summary>
public sealed record PatternValues(double Unanimous, double Majority, double Split)
{
    public double this[AgreementPattern pattern] => pattern switch
    {
        AgreementPattern.Unanimous => Unanimous,
        AgreementPattern.Majority => Majority,
        AgreementPattern.Split => Split,
        _ => throw new ArgumentOutOfRangeException(nameof(pattern), pattern, "unknown agreement pattern"),
    };

    /// <summary>Σ_b weights_b · this_b.</summary>
    public double WeightedBy(PatternValues weights) =>
        weights.Unanimous * Unanimous + weights.Majority * Majority + weights.Split * Split;

    public PatternValues Select(Func<AgreementPattern, double, double> map) => new(
        map(AgreementPattern.Unanimous, Unanimous), map(AgreementPattern.Majority, Majority), map(AgreementPattern.Split, Split));

    public static IReadOnlyList<AgreementPattern> All { get; } =
        [AgreementPattern.Unanimous, AgreementPattern.Majority, AgreementPattern.Split];
}

namespace Mosaic.Scheduling.Simulation;

/// <summary>
/// One figure the paper published for a configuration, and how close an emulation must come (issue 13's acceptance):
/// relative to the figure (or its range), or, for <see cref="PaperStage.SkipRate"/>, in absolute points. No tolerance:
/// reported only.
/// </summary>
public sealed record PublishedFigure(string Figure, PaperStage Stage, PaperFigure Paper, double? Tolerance)
{
    /// <summary>How far <paramref name="value"/> is from the figure: relative, or the difference for the skip rate.</summary>
    public double Deviation(double value) => Stage == PaperStage.SkipRate ? value - Paper.Paper : Paper.Deviation(value);

    public bool Within(double value) => Tolerance is not { } tolerance || Math.Abs(Deviation(value)) <= tolerance + 1e-12;
}

namespace Mosaic.Scheduling.Simulation;

/// <summary>
/// A published figure, or a published range (<see cref="High"/> set), and how far a modelled value is from it:
/// value / figure − 1, or the distance outside the range relative to its nearer end (0 inside).
/// </summary>
public sealed record PaperFigure(double Paper, double? High = null)
{
    public double Deviation(double value) => High is not { } high
        ? value / Paper - 1
        : value < Paper ? value / Paper - 1
        : value > high ? value / high - 1
        : 0;

    public override string ToString() => High is { } high ? $"{Paper:0.#}–{high:0.#}" : $"{Paper:0.##}";
}

namespace Mosaic.Scheduling.Planning.Bounds;

/// <summary>
/// What one worker of class <see cref="Class"/> may run within a makespan: at most K experts, each with an amount of
/// work (speed-1 seconds), loads plus work fitting in the makespan.
/// </summary>
internal sealed record Configuration(int Class, IReadOnlyList<ConfigurationPiece> Pieces)
{
    /// <summary>Busy time on a worker of speed <paramref name="speed"/>, given the experts' loads.</summary>
    public double Seconds(IReadOnlyList<BoundExpert> experts, double speed) =>
        Pieces.Sum(p => experts[p.Expert].Load + p.Work / speed);
}

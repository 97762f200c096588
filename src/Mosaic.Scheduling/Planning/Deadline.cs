using System.Diagnostics;

namespace Mosaic.Scheduling.Planning;

/// <summary>A point in wall-clock time after which a search stops and keeps what it has; <see cref="None"/> never passes.</summary>
internal readonly record struct Deadline(long Timestamp)
{
    public static Deadline None => new(long.MaxValue);

    public bool Passed => Timestamp != long.MaxValue && Stopwatch.GetTimestamp() >= Timestamp;

    public TimeSpan Left => Timestamp == long.MaxValue
        ? TimeSpan.MaxValue
        : TimeSpan.FromSeconds(Math.Max(0, (Timestamp - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency));

    public static Deadline In(TimeSpan span) =>
        new(Stopwatch.GetTimestamp() + (long)(Math.Max(0, span.TotalSeconds) * Stopwatch.Frequency));
}

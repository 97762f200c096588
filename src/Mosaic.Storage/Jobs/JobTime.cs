namespace Mosaic.Storage.Jobs;

/// <summary>Timestamps as every job store keeps them: UTC, offset zero, whole microseconds (PostgreSQL's precision).</summary>
internal static class JobTime
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    public static DateTimeOffset Normalize(DateTimeOffset value)
    {
        var utcTicks = value.UtcTicks;
        return new DateTimeOffset(utcTicks - (utcTicks % TicksPerMicrosecond), TimeSpan.Zero);
    }

    /// <summary>Microseconds since 1970-01-01 UTC (the SQLite column format).</summary>
    public static long ToUnixMicroseconds(DateTimeOffset value) =>
        (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TicksPerMicrosecond;

    public static DateTimeOffset FromUnixMicroseconds(long microseconds) =>
        new(DateTimeOffset.UnixEpoch.UtcTicks + (microseconds * TicksPerMicrosecond), TimeSpan.Zero);
}

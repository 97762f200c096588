namespace Mosaic.Benchmarks;

/// <summary>
/// <c>mosaic bench recovery</c>: one emulated job of <see cref="Questions"/> on <see cref="Silos"/> silo processes,
/// <see cref="Kills"/> SIGKILLs at seeded moments. PostgreSQL storage and clustering when <see cref="Connection"/> is
/// given, else SQLite storage and clustering in a temporary folder.
/// </summary>
internal sealed record RecoveryOptions
{
    public int Questions { get; init; } = 2000;

    public int Kills { get; init; } = 3;

    public int Silos { get; init; } = 3;

    /// <summary>A PostgreSQL connection string, or null for SQLite.</summary>
    public string? Connection { get; init; }

    /// <summary>Wall seconds per emulated second: large enough that the job outlasts the kills.</summary>
    public double TimeScale { get; init; } = 0.1;

    public int Seed { get; init; }

    /// <summary>Slots of a question routed to the same expert share one call, as the service's pools do by default.</summary>
    public bool ShareRepeatedCalls { get; init; } = true;

    /// <summary>After a restarted silo is active, the next kill waits at least this long (failure detection takes up to ~15 s).</summary>
    public TimeSpan MinimumGap { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The whole run fails after this long.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(45);

    /// <summary>Where the silos' logs and the SQLite file go; a temporary folder (deleted afterwards) when null.</summary>
    public string? WorkFolder { get; init; }

    /// <summary>The Mosaic.Silo build to start (see <c>SiloExecutable</c>).</summary>
    public string? SiloPath { get; init; }

    public RecoveryOptions Validate()
    {
        if (Questions < 1 || Kills < 0 || Silos < 2)
        {
            throw new ArgumentException($"the recovery benchmark needs at least 1 question, 0 kills and 2 silos (got {Questions}, {Kills}, {Silos})");
        }

        if (!double.IsFinite(TimeScale) || TimeScale <= 0 || TimeScale > 1)
        {
            throw new ArgumentException($"the time scale must be in (0, 1], got {TimeScale}");
        }

        return this;
    }
}

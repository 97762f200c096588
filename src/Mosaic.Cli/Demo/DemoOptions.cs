namespace Mosaic.Cli.Demo;

/// <summary>What <c>mosaic demo</c> runs: how many routed test questions, on how many worker silos, where it writes.</summary>
internal sealed record DemoOptions
{
    public int Questions { get; init; } = 300;

    public const int DefaultWorkers = 2;

    public int Workers { get; init; } = DefaultWorkers;

    public required string OutputDirectory { get; init; }

    /// <summary>The SQLite store of the demo's cluster; default <c>data</c> inside the output folder (a fresh store each time, <see cref="DemoStore"/>).</summary>
    public string? DataDirectory { get; init; }

    public required string ZooDirectory { get; init; }

    /// <summary>
    /// At least this many calibration questions in the unreported warm-up job, which runs every expert on every worker
    /// before the baseline (<see cref="DemoWarmUp"/>; more questions if an expert still lacks a call on some worker).
    /// </summary>
    public int WarmUpQuestions { get; init; } = 12;

    /// <summary>
    /// How many times the four runs are repeated, interleaved (baseline, mosaic-paper, mosaic-tau1, mosaic-orleans, then
    /// again): each run reports its round with the median end to end, so one slow minute of a shared machine does not
    /// decide a comparison.
    /// </summary>
    public int Rounds { get; init; } = 3;
}

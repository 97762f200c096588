using Microsoft.Extensions.Logging;
using Mosaic.Grains.Hosting;
using Mosaic.Storage;

namespace Mosaic.Hosting;

/// <summary>
/// A whole cluster in this process: <see cref="Workers"/> worker silos (gpu0 … gpuN−1), each made from
/// <see cref="Grains"/> with its own worker id and an equal share of the cores for libtorch, storage as configured
/// (SQLite in a data folder for the commands users run; memory for benchmarks), and one client.
/// </summary>
public sealed class EmbeddedClusterOptions
{
    public int Workers { get; set; } = 2;

    /// <summary>The pool, backend and scheduling settings every worker shares; the worker id is set per silo.</summary>
    public required MosaicGrainsOptions Grains { get; init; }

    public MosaicStorageOptions Storage { get; init; } = new() { Provider = MosaicStorageProvider.Memory };

    /// <summary>
    /// The Orleans service id, which scopes grain state and job rows: set it (e.g. "mosaic") when storage outlives the
    /// process, so a restarted cluster finds its jobs; null gives every start its own (throw-away runs, benchmarks).
    /// </summary>
    public string? ServiceId { get; init; }

    /// <summary>
    /// The first of the cluster's 2 × <see cref="Workers"/> Orleans ports (worker n: silo port FirstPort + 2n, gateway
    /// port the next); with it the cluster id is the service id, so Orleans clients keep one address across restarts.
    /// Null: free ports and a new cluster id at each start.
    /// </summary>
    public int? FirstPort { get; init; }

    /// <summary>Whether the 2 × <paramref name="workers"/> Orleans ports from <paramref name="first"/> are all valid port numbers.</summary>
    public static bool PortsFit(int first, int workers) => first >= 1 && (long)first + (2 * workers) - 1 <= 65535;

    /// <summary>GPU memory each worker advertises to the planner, if known.</summary>
    public double? WorkerMemoryGb { get; init; }

    public LogLevel LogLevel { get; init; } = LogLevel.Warning;

    /// <summary>Where logs go; none by default.</summary>
    public ILoggerProvider? Logging { get; init; }

    public EmbeddedClusterOptions Validate()
    {
        if (Workers < 1)
        {
            throw new ArgumentException($"an embedded cluster needs at least one worker, got {Workers}");
        }

        if (ServiceId is not null && string.IsNullOrWhiteSpace(ServiceId))
        {
            throw new ArgumentException("the embedded cluster's service id must not be blank");
        }

        if (FirstPort is { } first && !PortsFit(first, Workers))
        {
            throw new ArgumentException($"the embedded cluster's {2 * Workers} Orleans ports from {first} must lie between 1 and 65535");
        }

        Grains.Validate();
        ModelFolders.Check(Grains);
        return this;
    }
}

using Mosaic.Scheduling.Baselines;
using Mosaic.Scheduling.Emulation;
using Mosaic.Scheduling.Planning;

namespace Mosaic.Scheduling;

/// <summary>The schedulers by command-line name.</summary>
public static class SchedulerCatalog
{
    public static IReadOnlyList<string> Names { get; } = ["mosaic", "round-robin", "data-parallel", "lpt"];

    /// <summary>Resolves a name, or <c>all</c> for every scheduler (round robin first, as the reference).</summary>
    /// <param name="dataParallelTail">
    /// The shard floors data parallelism is priced with: the paper's GPU calibration by default (its instances), none
    /// (<see cref="RunTail.None"/>) for costs measured elsewhere, which the paper's floors would price 20× too high.
    /// </param>
    public static IReadOnlyList<IScheduler> Resolve(string name, IlpOptions ilpOptions, RunTail? dataParallelTail = null) => name switch
    {
        "all" => [new RoundRobinScheduler(), new DataParallelScheduler(dataParallelTail), new LptScheduler(), new MosaicIlpScheduler(ilpOptions)],
        "mosaic" => [new MosaicIlpScheduler(ilpOptions)],
        "round-robin" => [new RoundRobinScheduler()],
        "data-parallel" => [new DataParallelScheduler(dataParallelTail)],
        "lpt" => [new LptScheduler()],
        _ => throw new ArgumentException($"unknown scheduler '{name}' (known: {string.Join(", ", Names)}, all)"),
    };
}

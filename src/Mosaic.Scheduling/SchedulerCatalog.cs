using Mosaic.Scheduling.Baselines;
using Mosaic.Scheduling.Planning;

namespace Mosaic.Scheduling;

/// <summary>The schedulers by command-line name.</summary>
public static class SchedulerCatalog
{
    public static IReadOnlyList<string> Names { get; } = ["mosaic", "round-robin", "data-parallel", "lpt"];

    /// <summary>Resolves a name, or <c>all</c> for every scheduler (round robin first, as the reference).</summary>
    public static IReadOnlyList<IScheduler> Resolve(string name, IlpOptions ilpOptions) => name switch
    {
        "all" => [new RoundRobinScheduler(), new DataParallelScheduler(), new LptScheduler(), new MosaicIlpScheduler(ilpOptions)],
        "mosaic" => [new MosaicIlpScheduler(ilpOptions)],
        "round-robin" => [new RoundRobinScheduler()],
        "data-parallel" => [new DataParallelScheduler()],
        "lpt" => [new LptScheduler()],
        _ => throw new ArgumentException($"unknown scheduler '{name}' (known: {string.Join(", ", Names)}, all)"),
    };
}

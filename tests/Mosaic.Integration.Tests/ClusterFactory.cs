using Microsoft.Extensions.DependencyInjection;
using Mosaic.Grains.Hosting;
using Mosaic.Grains.Placement;
using Orleans.TestingHost;

namespace Mosaic.Integration.Tests;

/// <summary>Builds in-process clusters where silo n is worker gpu{n}.</summary>
internal static class ClusterFactory
{
    public static InProcessTestCluster Build(int silos, Func<string, MosaicGrainsOptions> options, Action<string, ISiloBuilder>? configure = null)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((siloOptions, silo) =>
        {
            var worker = WorkerOf(siloOptions.SiloName);
            silo.AddMosaicGrains(options(worker), TestProfiles.WorkerMemoryGb);
            if (configure is null)
            {
                silo.AddMemoryGrainStorage(MosaicStorageNames.Grains);
            }
            else
            {
                configure(worker, silo);
            }
        });
        return builder.Build();
    }

    public static string WorkerOf(string siloName) => $"gpu{int.Parse(siloName[(siloName.LastIndexOf('_') + 1)..])}";

    /// <summary>Waits until silo metadata has spread so every silo sees <paramref name="count"/> workers.</summary>
    public static async Task WaitForWorkersAsync(InProcessTestCluster cluster, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var counts = cluster.GetActiveSilos()
                .Select(s => cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<WorkerDirectory>().ActiveWorkers().Count);
            if (counts.All(c => c == count))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"workers did not appear: {string.Join(",", counts)}");
            }

            await Task.Delay(100);
        }
    }
}

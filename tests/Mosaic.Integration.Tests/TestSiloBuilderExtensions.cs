using Mosaic.Grains.Hosting;

namespace Mosaic.Integration.Tests;

/// <summary>The emulated test pool on a silo with in-memory storage.</summary>
internal static class TestSiloBuilderExtensions
{
    public static ISiloBuilder AddMosaicGrainsForTests(this ISiloBuilder silo, string worker, double timeScale, int maxModelsPerWorker = 2)
    {
        var options = TestProfiles.Emulated(worker, timeScale);
        options.MaxModelsPerWorker = maxModelsPerWorker;
        return silo.AddMosaicGrains(options, TestProfiles.WorkerMemoryGb)
            .AddMemoryGrainStorage(MosaicStorageNames.Grains);
    }
}

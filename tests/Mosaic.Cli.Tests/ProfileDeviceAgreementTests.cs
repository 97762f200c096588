using System.Text.Json;
using Mosaic.Cli.Demo;
using Mosaic.Hosting;
using Mosaic.Zoo;

namespace Mosaic.Cli.Tests;

/// <summary>
/// The zoo's profiles price what the demo's workers run: every model is measured on the engine a worker gives it
/// (batch width, context, generation limit, no KV budget of its own), with a worker's share of the cores, as many
/// models at once as the demo has workers; and the process that hosts the workers does not re-compile hot code in the
/// background while they generate (that JIT took the devices' cores and made sessions 1.5-1.8x their profiles).
/// </summary>
public sealed class ProfileDeviceAgreementTests
{
    [Fact]
    public void ZooProfile_MeasuresEveryModelOnTheEngineADemoWorkerRuns()
    {
        var zoo = ZooPaths.DefaultDirectory();
        var pool = ZooPool.Options(zoo);
        var profiling = new ZooProfileOptions();

        foreach (var name in ZooCatalog.All.Select(s => s.Name))
        {
            var sweep = ZooProfiling.SweepOptions(name, profiling);
            var worker = pool.Experts[name];

            Assert.Equal(pool.MaxBatchSize, sweep.MaxBatchSize);
            Assert.Equal(worker.ContextTokens, sweep.ContextTokens);
            Assert.Equal(worker.MaxNewTokens, sweep.MaxNewTokens);
            Assert.Null(worker.KvCacheTokens);
        }
    }

    [Fact]
    public void ZooProfile_MeasuresWithTheDemoWorkersThreadShare()
    {
        var demo = new DemoOptions { OutputDirectory = "unused", ZooDirectory = "unused" };
        var profiling = new ZooProfileOptions();

        Assert.Equal(demo.Workers, profiling.Parallel);
        Assert.Equal(EmbeddedCluster.ThreadsPerWorker(demo.Workers), profiling.ThreadsPerModel);
        Assert.Equal(4, profiling.ThreadsOn(8));
        Assert.Equal(EmbeddedCluster.ThreadsPerWorker(demo.Workers, 8), profiling.ThreadsOn(8));
        Assert.Equal(2, new ZooProfileOptions { Parallel = 3 }.ThreadsOn(8));
        Assert.Equal(5, new ZooProfileOptions { Threads = 5 }.ThreadsOn(8));
    }

    [Fact]
    public void MosaicProcess_CompilesEachMethodOnceWithoutBackgroundTiering()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "mosaic.runtimeconfig.json");

        var properties = JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.TryGetProperty("System.Runtime.TieredCompilation", out var tiered), $"{path} leaves tiered compilation on");
        Assert.False(tiered.GetBoolean());
    }
}

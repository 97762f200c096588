using Mosaic.Grains.Hosting;
using Mosaic.Hosting;
using Mosaic.Scheduling;

namespace Mosaic.Silo.Tests;

/// <summary>
/// <c>Mosaic.Silo --pool FILE</c>: the silo serves the pool file's models (the format of <c>mosaic run --config</c>)
/// instead of its configured experts, and the command line still overrides the file's backend and device.
/// </summary>
public sealed class SiloPoolFileTests
{
    private static readonly string ZooPool = Path.Combine(Zoo.ZooPaths.DefaultDirectory(AppContext.BaseDirectory), "pool.json");

    [Fact]
    public void Pool_ReplacesTheConfiguredExperts_WithTheFilesModelsAndSettings()
    {
        var grains = SiloSettings.Load(["--pool", ZooPool]).Grains;

        Assert.Equal(
            ["aggregator", "quick-large", "quick-medium", "quick-small", "think-arith", "think-large", "think-lists"],
            grains.Experts.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(BackendKind.TorchSharp, grains.Backend);
        Assert.Equal(4, grains.MaxModelsPerWorker);
        Assert.True(grains.CalibrateSpeed);
        var thinker = grains.Experts["think-arith"];
        Assert.Equal(ExpertKind.Reasoning, thinker.Kind);
        Assert.Equal(Path.Combine(Path.GetDirectoryName(ZooPool)!, "think-arith"), thinker.ModelPath);
        Assert.Equal(320, thinker.MaxNewTokens);
        Assert.Equal(512, thinker.ContextTokens);
        Assert.NotNull(thinker.ProfilePath);
    }

    [Fact]
    public void Pool_CommandLineDeviceAndWorker_OverrideTheFile()
    {
        // That --device reaches the settings over the file shows in Pool_CudaWhereLibTorchHasNone_IsRefusedAtStart too:
        // the file asks for no CUDA device.
        var grains = SiloSettings.Load(["--pool", ZooPool, "--device", "cpu", "--worker", "gpu7"]).Grains;

        Assert.Equal("cpu", grains.Device);
        Assert.Equal("gpu7", grains.Worker);
        Assert.Equal(BackendKind.TorchSharp, grains.Backend);
    }

    [Fact]
    public void Pool_CudaWhereLibTorchHasNone_IsRefusedAtStart()
    {
        if (Mosaic.Inference.TorchRuntime.CudaAvailable)
        {
            return; // the CUDA build on a GPU machine (CI and the default build are CPU)
        }

        var error = Assert.Throws<SiloConfigurationException>(() => SiloSettings.Load(["--pool", ZooPool, "--device", "cuda:1"]));

        Assert.Equal("device 'cuda:1' was asked for, but libtorch sees no CUDA device on this machine (a CPU build, or no GPU); use device 'cpu' or 'auto'", error.Message);
    }

    [Fact]
    public void Pool_OnTheCpuWithoutAThreadShare_WarnsAboutOversubscription()
    {
        Assert.Contains("--threads N", SiloSettings.Load(["--pool", ZooPool, "--device", "cpu"]).ThreadsWarning());
        Assert.Null(SiloSettings.Load(["--pool", ZooPool, "--device", "cpu", "--threads", "1"]).ThreadsWarning());
        Assert.Null(SiloSettings.Load(["--pool", ZooPool, "--backend", "emulated"]).ThreadsWarning());
    }
}

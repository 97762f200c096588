using Mosaic.Inference.Profiling;

namespace Mosaic.Inference.Tests;

/// <summary>
/// The profiler times what a worker runs: every timed session on a model and engine loaded for it (a worker's session
/// starts with a model load, and a model's first session is slower than its later ones on CPU). In the torch collection:
/// its tensors must not move <c>MemoryTests</c>' process-wide live-tensor count.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class InferenceProfilerTests
{
    [Fact]
    public void Profile_TimesEverySessionOnAFreshlyLoadedModel()
    {
        var folder = ZooModels.Folder("quick-small");
        var loads = 0;
        LanguageModel Load()
        {
            loads++;
            return LanguageModel.Load(folder, new ModelLoadOptions { Device = InferenceDevice.Cpu });
        }

        var options = new ProfileOptions { BatchSizes = [2, 5], Repeats = 3, MaxNewTokens = 8, MaxBatchSize = 4 };
        var measured = InferenceProfiler.ProfileInputs(Load, _ => ["Q: 1 + 2?\nA:", "Q: 3 + 4?\nA:", "Q: 5 + 6?\nA:"], options);

        Assert.Equal(1 + (options.BatchSizes.Count * options.Repeats), loads);
        Assert.Equal(options.BatchSizes, measured.Batches.Select(b => b.Prompts));
        Assert.All(measured.Batches, b => Assert.True(b.Seconds > 0));
        Assert.True(measured.LoadSeconds > 0);
        Assert.True(measured.Parameters > 0);
    }
}

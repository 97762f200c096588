using System.Diagnostics;
using Mosaic.Inference.Generation;
using TorchSharp;

namespace Mosaic.Inference.Tests;

[Collection(TorchCollection.Name)]
public sealed class MemoryTests(TorchFixture fixture)
{
    [Fact]
    public void NativeMemory_StaysFlat_Over1000Generations()
    {
        var model = fixture.Model;
        void Run(int count)
        {
            for (var i = 0; i < count; i += 10)
            {
                var batch = Enumerable.Range(i, 10).Select(k => new GenerationRequest($"memory {k % 7}", 4) { IgnoreEos = true, Temperature = k % 2, Seed = k }).ToArray();
                var results = model.Generate(batch, maxBatchSize: 4);
                Assert.All(results, r => Assert.Equal(4, r.OutputTokens));
            }
        }

        Run(100);
        Settle();
        var liveBefore = torch.Tensor.TotalCount;
        var rssBefore = Rss();
        Run(1000);
        Settle();
        var liveAfter = torch.Tensor.TotalCount;
        var rssAfter = Rss();

        // Every tensor of every step was disposed deterministically: the live count is unchanged. RSS may wobble
        // with the allocator; a leak of one 4-token step's activations per generation alone would exceed this.
        Assert.Equal(liveBefore, liveAfter);
        Assert.True(rssAfter - rssBefore < 40L * 1024 * 1024, $"RSS grew by {(rssAfter - rssBefore) / 1024 / 1024} MB");
    }

    /// <summary>Lets finalizers of other tests' undisposed tensors run, so they do not move the live count.</summary>
    private static void Settle()
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    private static long Rss()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }
}

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

    [Fact]
    public async Task Engine_NativeMemory_StaysFlat_AndAnIdleEngineHoldsNoCache()
    {
        using var engine = new GenerationEngine(fixture.Model, new GenerationEngineOptions { MaxBatchSize = 8 });
        async Task Run(int count)
        {
            for (var i = 0; i < count; i += 50)
            {
                var wave = Enumerable.Range(i, 50).Select(k => new GenerationRequest($"engine {k % 7}", 3 + k % 5) { IgnoreEos = true, Temperature = k % 2, Seed = k });
                var results = await Task.WhenAll(wave.Select(r => engine.GenerateAsync(r)));
                Assert.All(results, r => Assert.Equal(r.TokenIds.Count, r.OutputTokens));
            }
        }

        await Run(100);
        var liveBefore = await SettledCount();
        var rssBefore = Rss();
        await Run(600);
        var liveAfter = await SettledCount();

        // The paged cache is released once the engine is idle: nothing is held between bursts.
        Assert.Equal(liveBefore, liveAfter);
        Assert.True(engine.PeakKvTokens > 0);
        Assert.Equal(0, engine.HeldKvTokens);
        Assert.True(Rss() - rssBefore < 40L * 1024 * 1024, $"RSS grew by {(Rss() - rssBefore) / 1024 / 1024} MB");
    }

    /// <summary>The live tensor count once finalizers ran and it stopped changing (the engine thread went idle).</summary>
    private static async Task<long> SettledCount()
    {
        var previous = -1L;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            Settle();
            var count = torch.Tensor.TotalCount;
            if (count == previous)
            {
                return count;
            }

            previous = count;
            await Task.Delay(50);
        }

        return previous;
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

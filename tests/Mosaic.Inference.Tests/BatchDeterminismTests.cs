using Mosaic.Inference.Generation;
using TorchSharp;

namespace Mosaic.Inference.Tests;

/// <summary>
/// Greedy output of a trained model (the zoo's reasoning expert, long outputs over many 16-token blocks) must not
/// depend on what else is in the batch: alone, all at once with a growing KV pool, and joiners arriving mid-decode
/// (their prompts prefilled inside decode passes, rows refilled as others leave) give the same text.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class BatchDeterminismTests(TorchFixture fixture)
{
    [Fact]
    public void StaggeredArrivals_OnATrainedModel_MatchUnbatched()
    {
        _ = fixture; // libtorch loaded, one thread
        using var model = LanguageModel.Load(ZooModels.Folder("think-lists"), new ModelLoadOptions { Device = InferenceDevice.Cpu });
        var random = new Random(3);
        var requests = Enumerable.Range(0, 12)
            .Select(i => (i % 2 == 0
                ? $"What is the largest of {string.Join(", ", Enumerable.Range(0, random.Next(2, 7)).Select(_ => random.Next(0, 1000)))}?"
                : $"How many a in {new string(Enumerable.Range(0, random.Next(4, 16)).Select(_ => "abc"[random.Next(3)]).ToArray())}?"))
            .Select(q => new GenerationRequest(model.Prompt.Format([new("user", q)]), 200))
            .ToArray();

        var alone = requests.Select(r => model.Generate(r).Text).ToArray();
        Assert.True(alone.Average(t => t.Length) > 40, "the expert should reason at length");

        var together = model.Generate(requests, maxBatchSize: 64).Select(r => r.Text).ToArray();
        var staggered = Staggered(model, requests, everySteps: 3, rows: 4);
        Assert.Equal(alone, together);
        Assert.Equal(alone, staggered);
    }

    /// <summary>One request arrives every <paramref name="everySteps"/> forward passes; at most <paramref name="rows"/> run at once.</summary>
    private static string[] Staggered(LanguageModel model, GenerationRequest[] requests, int everySteps, int rows)
    {
        TorchRuntime.ApplyThreadSettings();
        using var mode = torch.inference_mode();
        var limits = new GenerationEngineOptions { MaxBatchSize = rows, MaxContextTokens = 512 }.Resolve(model.Config);
        var sequences = requests.Select(r => new SequenceState(model, r, model.EncodePrompt(r), CancellationToken.None)).ToList();
        try
        {
            using var batcher = new ContinuousBatcher(model, limits);
            var arriving = new Queue<SequenceState>(sequences);
            var waiting = new List<SequenceState>();
            for (var step = 0; arriving.Count > 0 || waiting.Count > 0 || batcher.ActiveCount > 0; step++)
            {
                if (step % everySteps == 0 && arriving.Count > 0)
                {
                    waiting.Add(arriving.Dequeue());
                }

                batcher.Admit(waiting);
                batcher.Step();
                batcher.RemoveFinished();
                batcher.ReleaseIdleMemory();
            }

            return sequences.Select(s => s.ToResult().Text).ToArray();
        }
        finally
        {
            sequences.ForEach(s => s.Dispose());
        }
    }
}

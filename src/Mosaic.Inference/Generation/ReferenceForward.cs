using Mosaic.Inference.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Mosaic.Inference.Generation;

/// <summary>Logits of one sequence by a full pass and by prefill plus cached decode steps (tests of the cache).</summary>
internal static class ReferenceForward
{
    private const int BlockTokens = 16;

    public static float[,] FullLogits(LanguageModel model, IReadOnlyList<int> tokens)
    {
        TorchRuntime.ApplyThreadSettings();
        using var mode = torch.inference_mode();
        using var cache = new KvCache(model.Config, BlockTokens, KvCache.BlocksFor(tokens.Count, BlockTokens), model.Network.DType, model.Network.Device);
        var blocks = Blocks(cache, tokens.Count);
        using var scope = NewDisposeScope();
        var batch = ForwardBatch.Create(model.Network.Rope, cache, [[new ForwardRow(blocks, 0, [.. tokens])]], model.Network.DType, model.Network.Device);
        return ToArray(model.Network.AllLogits(batch), tokens.Count, model.Config.VocabSize);
    }

    public static float[,] CachedLogits(LanguageModel model, IReadOnlyList<int> tokens, int promptLength)
    {
        TorchRuntime.ApplyThreadSettings();
        using var mode = torch.inference_mode();
        using var cache = new KvCache(model.Config, BlockTokens, KvCache.BlocksFor(tokens.Count, BlockTokens), model.Network.DType, model.Network.Device);
        var blocks = Blocks(cache, tokens.Count);
        var vocab = model.Config.VocabSize;
        var steps = tokens.Count - promptLength + 1;
        var result = new float[steps, vocab];
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            var from = step == 0 ? 0 : promptLength + step - 1;
            var to = promptLength + step;
            var row = new ForwardRow(blocks, from, tokens.Skip(from).Take(to - from).ToArray());
            var batch = ForwardBatch.Create(model.Network.Rope, cache, [[row]], model.Network.DType, model.Network.Device);
            var logits = model.Network.LastLogits(batch).cpu().data<float>().ToArray();
            Buffer.BlockCopy(logits, 0, result, step * vocab * sizeof(float), logits.Length * sizeof(float));
        }

        return result;
    }

    private static List<int> Blocks(KvCache cache, int tokens) =>
        Enumerable.Range(0, KvCache.BlocksFor(tokens, cache.BlockTokens)).Select(_ => cache.Allocate()).ToList();

    private static float[,] ToArray(Tensor logits, int rows, int vocab)
    {
        var flat = logits.cpu().data<float>().ToArray();
        var result = new float[rows, vocab];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(float));
        return result;
    }
}

using Mosaic.Inference.Generation;

namespace Mosaic.Inference.Tests;

[Collection(TorchCollection.Name)]
public sealed class ContextAndBudgetTests(TorchFixture fixture)
{
    private LanguageModel Model => fixture.Model;

    [Fact]
    public async Task Engine_32kContextModel_Serves4000PromptTokensPlus2000New_GrowingTheCacheOnDemand()
    {
        var config = new ModelConfig
        {
            ModelType = "llama", VocabSize = fixture.Tokenizer.VocabularySize, HiddenSize = 16, IntermediateSize = 32, NumHiddenLayers = 1,
            NumAttentionHeads = 2, NumKeyValueHeads = 1, MaxPositionEmbeddings = 32768, TieWordEmbeddings = true, RopeTheta = 1e6,
        };
        using var model = LanguageModel.CreateRandom(config, fixture.Tokenizer, seed: 3, initStd: 0.3);
        using var engine = new GenerationEngine(model, new GenerationEngineOptions { MaxBatchSize = 16 });
        Assert.Equal(32768, engine.ContextLength);

        var random = new Random(5);
        var prompt = Enumerable.Range(0, 4000).Select(_ => random.Next(3, config.VocabSize)).ToArray();
        var result = await engine.GenerateAsync(new GenerationRequest { PromptTokenIds = prompt, MaxNewTokens = 2000, IgnoreEos = true });

        Assert.Equal(4000, result.InputTokens);
        Assert.Equal(2000, result.OutputTokens);
        Assert.Equal(FinishReason.Length, result.FinishReason);
        // The cache grew (by doubling) to what one 6,000-token sequence needs, not to 16 rows × 32,768 tokens.
        Assert.InRange(engine.PeakKvTokens, 6000, 2 * 6000 + 16);
    }

    [Fact]
    public async Task ChunkedPrefill_AndPagedCache_MatchFullRecomputation()
    {
        var prompt = fixture.Tokenizer.Encode("a prompt long enough to span several cache blocks and several prefill chunks of seven tokens each, 0123456789");
        var options = new GenerationEngineOptions { MaxBatchSize = 1, PrefillChunkTokens = 7, KvBlockTokens = 4 };
        using var engine = new GenerationEngine(Model, options);
        var generated = await engine.GenerateAsync(new GenerationRequest { PromptTokenIds = prompt, MaxNewTokens = 30, IgnoreEos = true });

        var tokens = prompt.Concat(generated.TokenIds).ToList();
        var full = Model.FullLogits(tokens);
        for (var step = 0; step < generated.TokenIds.Count; step++)
        {
            Assert.Equal(ArgMax(full, prompt.Count - 1 + step), generated.TokenIds[step]);
        }
    }

    [Fact]
    public async Task ChunkedPrefill_OfJoinersMixedWithDecodeRows_GivesTheUnbatchedTokens()
    {
        string[] prompts = ["short", "a much longer prompt that takes several chunks to read", "mid-sized prompt", "x", "another long prompt, joining while others decode"];
        var requests = prompts.Select((p, i) => new GenerationRequest(p, 6 + 3 * i) { IgnoreEos = true }).ToArray();
        var alone = requests.Select(r => Model.Generate(r).TokenIds).ToArray();
        using var engine = new GenerationEngine(Model, new GenerationEngineOptions { MaxBatchSize = 3, PrefillChunkTokens = 9, KvBlockTokens = 8 });
        var tasks = new List<Task<GenerationResult>>();
        foreach (var request in requests)
        {
            tasks.Add(engine.GenerateAsync(request));
            await Task.Delay(2);
        }

        var results = await Task.WhenAll(tasks);
        Assert.Equal(alone, results.Select(r => r.TokenIds).ToArray());
    }

    [Fact]
    public async Task KvBudget_MakesALaterRequestWait_UntilTheRunningOneFreesItsBlocks()
    {
        // 4,096 tokens = 256 blocks; the running request reserves 9 + 4,000 tokens (251 blocks), so the second
        // request's 7 blocks do not fit beside it although a row is free.
        using var engine = new GenerationEngine(Model, new GenerationEngineOptions { MaxBatchSize = 4, KvBudgetTokens = 4096, KvBlockTokens = 16 });
        using var cancel = new CancellationTokenSource();
        var running = engine.GenerateAsync(new GenerationRequest("run long", 4000) { IgnoreEos = true }, cancel.Token);
        var waiting = engine.GenerateAsync(new GenerationRequest("wait", 100) { IgnoreEos = true });

        EngineWait.UntilRunning(engine, running);
        Thread.Sleep(50); // held, not awaited (EngineWait): the running request must still be running after it
        Assert.Equal(1, engine.ActiveCount);
        Assert.Equal(1, engine.QueuedCount);
        Assert.False(waiting.IsCompleted);

        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.Equal(100, (await waiting).OutputTokens);
    }

    [Fact]
    public void Requests_ThatCanNeverFit_AreRejectedAtSubmission()
    {
        using var engine = new GenerationEngine(Model, new GenerationEngineOptions { MaxBatchSize = 4, MaxContextTokens = 256, KvBudgetTokens = 128 });
        Assert.Equal(256, engine.ContextLength);
        Assert.Equal(128, engine.KvBudgetTokens);

        var overContext = Assert.Throws<ArgumentException>(() => { _ = engine.GenerateAsync(new GenerationRequest("12345678", 250)); });
        Assert.StartsWith("the prompt has 8 tokens and max new tokens is 250: 258 exceeds the context length of 256 tokens", overContext.Message, StringComparison.Ordinal);

        var overBudget = Assert.Throws<ArgumentException>(() => { _ = engine.GenerateAsync(new GenerationRequest("12345678", 121)); });
        Assert.StartsWith("the prompt has 8 tokens and max new tokens is 121: 144 KV tokens (9 blocks of 16) exceed the KV budget of 128 tokens", overBudget.Message, StringComparison.Ordinal);

        // The synchronous API has no engine limits but never silently runs past max_position_embeddings (4,096).
        var overModel = Assert.Throws<ArgumentException>(() => Model.Generate(new GenerationRequest("12345678", 4090)));
        Assert.Contains("exceeds the context length of 4096 tokens", overModel.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentOutOfRangeException>(() => new GenerationEngine(Model, new GenerationEngineOptions { MaxContextTokens = 8192 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GenerationEngine(Model, new GenerationEngineOptions { KvBudgetTokens = 8 }));
    }

    [Fact]
    public void Engine_WithoutOptions_UsesTheModelsMaxPositions()
    {
        using var engine = new GenerationEngine(Model);
        Assert.Equal(Model.Config.MaxPositionEmbeddings, engine.ContextLength);
        Assert.Equal(16L * Model.Config.MaxPositionEmbeddings, engine.KvBudgetTokens);
    }

    private int ArgMax(float[,] logits, int row)
    {
        var best = 0;
        for (var v = 1; v < Model.Config.VocabSize; v++)
        {
            if (logits[row, v] > logits[row, best])
            {
                best = v;
            }
        }

        return best;
    }
}

using Mosaic.Inference.Generation;

namespace Mosaic.Inference.Tests;

[Collection(TorchCollection.Name)]
public sealed class GenerationTests(TorchFixture fixture)
{
    private static readonly string[] Prompts =
    [
        "hello",
        "the quick brown fox jumps",
        "a",
        "Grüße 世界 🎉",
        "continuous batching lets finished sequences leave",
        "xyz 123",
    ];

    private LanguageModel Model => fixture.Model;

    [Fact]
    public void CachedDecoding_EqualsFullRecomputation()
    {
        var prompt = fixture.Tokenizer.Encode("kv cache check");
        var generated = Model.Generate(new GenerationRequest { PromptTokenIds = prompt, MaxNewTokens = 20, IgnoreEos = true });
        var tokens = prompt.Concat(generated.TokenIds).ToList();

        var cached = Model.CachedLogits(tokens, prompt.Count);
        var full = Model.FullLogits(tokens);
        var vocab = Model.Config.VocabSize;
        var maxDifference = 0.0;
        for (var step = 0; step < cached.GetLength(0); step++)
        {
            var position = prompt.Count - 1 + step;
            for (var v = 0; v < vocab; v++)
            {
                maxDifference = Math.Max(maxDifference, Math.Abs(cached[step, v] - full[position, v]));
            }

            if (step < generated.TokenIds.Count)
            {
                Assert.Equal(generated.TokenIds[step], ArgMax(full, position, vocab));
            }
        }

        // float32, 2 layers: the two paths differ only by summation order.
        Assert.True(maxDifference < 1e-4, $"max |cached − full| = {maxDifference}");
    }

    [Fact]
    public void CachedDecoding_EqualsFullRecomputation_ForALlamaShapedModel()
    {
        // Tied head, no q/k/v bias, one kv head for four query heads, llama3 RoPE scaling, explicit head_dim.
        var config = TestModels.TinyConfig(fixture.Tokenizer.VocabularySize, tied: true) with
        {
            ModelType = "llama",
            AttentionBias = false,
            NumKeyValueHeads = 1,
            HeadDimOverride = 16,
            RopeTheta = 500000,
            RopeScaling = new RopeScaling("llama3", 8, 1, 4, 64),
        };
        using var llama = LanguageModel.CreateRandom(config, fixture.Tokenizer, seed: 5, initStd: 0.3);
        var tokens = fixture.Tokenizer.Encode("llama shaped model check, with a longer prompt");
        var cached = llama.CachedLogits(tokens, 5);
        var full = llama.FullLogits(tokens);
        for (var step = 0; step < cached.GetLength(0); step++)
        {
            for (var v = 0; v < config.VocabSize; v++)
            {
                Assert.True(Math.Abs(cached[step, v] - full[4 + step, v]) < 1e-4, $"step {step} token {v}");
            }
        }
    }

    [Fact]
    public void BatchedGreedy_EqualsUnbatched()
    {
        var requests = Prompts.Select(p => new GenerationRequest(p, 16) { IgnoreEos = true }).ToArray();
        var alone = requests.Select(r => Model.Generate(r).TokenIds).ToArray();
        var together = Model.Generate(requests, maxBatchSize: 64);
        var rolling = Model.Generate(requests, maxBatchSize: 2);
        for (var i = 0; i < requests.Length; i++)
        {
            Assert.Equal(alone[i], together[i].TokenIds);
            Assert.Equal(alone[i], rolling[i].TokenIds);
        }
    }

    [Fact]
    public void ContinuousBatching_MixedLengths_MatchUnbatched()
    {
        var requests = Prompts.Select((p, i) => new GenerationRequest(p, 3 + 5 * i) { IgnoreEos = true }).ToArray();
        var alone = requests.Select(r => Model.Generate(r).TokenIds).ToArray();
        var rolling = Model.Generate(requests, maxBatchSize: 3);
        for (var i = 0; i < requests.Length; i++)
        {
            Assert.Equal(alone[i], rolling[i].TokenIds);
            Assert.Equal(requests[i].MaxNewTokens, rolling[i].OutputTokens);
            Assert.Equal(FinishReason.Length, rolling[i].FinishReason);
        }
    }

    [Fact]
    public void SeededSampling_IsReproducible_AndIndependentOfBatching()
    {
        var requests = Prompts.Select((p, i) => new GenerationRequest(p, 12) { Temperature = 0.9, TopP = 0.9, Seed = 100 + i, IgnoreEos = true }).ToArray();
        var first = Model.Generate(requests, maxBatchSize: 8);
        var second = Model.Generate(requests, maxBatchSize: 2);
        Assert.Equal(first.Select(r => r.TokenIds), second.Select(r => r.TokenIds));

        var greedy = Model.Generate(requests[0] with { Temperature = 0, Seed = null });
        var nucleusOfOne = Model.Generate(requests[0] with { TopP = 1e-6 });
        Assert.Equal(greedy.TokenIds, nucleusOfOne.TokenIds);
    }

    [Fact]
    public void Eos_StopsGeneration_AndIsCounted()
    {
        var free = Model.Generate(new GenerationRequest("stop at eos", 12) { IgnoreEos = true });
        var eos = free.TokenIds[4];
        var firstEos = free.TokenIds.ToList().IndexOf(eos);
        var config = Model.Config with { EosTokenIds = [eos] };
        using var withEos = LanguageModel.CreateRandom(config, fixture.Tokenizer, seed: 7, initStd: 0.3);

        var result = withEos.Generate(new GenerationRequest("stop at eos", 12));
        Assert.Equal(FinishReason.Eos, result.FinishReason);
        Assert.Equal(free.TokenIds.Take(firstEos + 1), result.TokenIds);
        Assert.Equal(firstEos + 1, result.OutputTokens);
        Assert.Equal(fixture.Tokenizer.Decode(free.TokenIds.Take(firstEos)), result.Text);
    }

    [Fact]
    public void StopString_CutsTheText()
    {
        var free = Model.Generate(new GenerationRequest("stop strings", 24) { IgnoreEos = true });
        var text = free.Text;
        var stop = text.Substring(text.Length / 2, 2);
        var expected = text[..text.IndexOf(stop, StringComparison.Ordinal)];

        var result = Model.Generate(new GenerationRequest("stop strings", 24) { IgnoreEos = true, StopStrings = [stop] });
        Assert.Equal(FinishReason.StopString, result.FinishReason);
        Assert.Equal(expected, result.Text);
        Assert.True(result.OutputTokens < 24 || text.IndexOf(stop, StringComparison.Ordinal) >= text.Length - 2);
    }

    [Fact]
    public void Accounting_ReportsTokensAndTime()
    {
        var result = Model.Generate(new GenerationRequest("count me", 7) { IgnoreEos = true, Id = "r1" });
        Assert.Equal("r1", result.Id);
        Assert.Equal(8, result.InputTokens);
        Assert.Equal(7, result.OutputTokens);
        Assert.True(result.Elapsed > TimeSpan.Zero);
        Assert.True(result.QueueTime <= result.Elapsed);
        Assert.InRange(result.TimeToFirstToken!.Value, result.QueueTime, result.Elapsed);
    }

    [Fact]
    public void SeveralThreads_GeneratingOnOneModel_AgreeWithSequential()
    {
        var requests = Prompts.Select(p => new GenerationRequest(p, 24) { IgnoreEos = true }).ToArray();
        var expected = Model.Generate(requests, 64).Select(r => r.TokenIds).ToArray();
        var results = new IReadOnlyList<GenerationResult>[4];
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            for (var round = 0; round < 3; round++)
            {
                results[t] = Model.Generate(requests, maxBatchSize: 1 + t);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        foreach (var result in results)
        {
            Assert.Equal(expected, result.Select(r => r.TokenIds).ToArray());
        }
    }

    [Fact]
    public async Task Engine_ConcurrentCallers_GetTheSameAnswersAsTheBatchApi()
    {
        var requests = Prompts.Select(p => new GenerationRequest(p, 10) { IgnoreEos = true }).ToArray();
        var expected = Model.Generate(requests).Select(r => r.TokenIds).ToArray();
        using var engine = new GenerationEngine(Model, new GenerationEngineOptions { MaxBatchSize = 4, MaxContextTokens = 128 });
        var tasks = requests.Select(r => Task.Run(() => engine.GenerateAsync(r))).ToArray();
        var results = await Task.WhenAll(tasks);
        Assert.Equal(expected, results.Select(r => r.TokenIds).ToArray());
        Assert.Equal(0, engine.ActiveCount);
    }

    [Fact]
    public async Task Engine_Cancellation_StopsMidGeneration_AndFreesTheSlot()
    {
        using var engine = new GenerationEngine(Model, new GenerationEngineOptions { MaxBatchSize = 1, MaxContextTokens = 4096 });
        using var cancel = new CancellationTokenSource();
        var endless = engine.GenerateAsync(new GenerationRequest("run long", 4000) { IgnoreEos = true }, cancel.Token);
        var waiting = engine.GenerateAsync(new GenerationRequest("after", 5) { IgnoreEos = true });

        EngineWait.UntilRunning(engine, endless);
        Assert.Equal(1, engine.QueuedCount);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => endless);
        var next = await waiting;
        Assert.Equal(5, next.OutputTokens);
        Assert.Equal(0, engine.ActiveCount);
        Assert.Equal(0, engine.QueuedCount);
    }

    [Fact]
    public void Cancellation_InTheBatchApi_ReturnsCancelledResults()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var results = Model.Generate([new GenerationRequest("x", 5), new GenerationRequest("y", 5)], 1, cancel.Token);
        Assert.All(results, r => Assert.Equal(FinishReason.Cancelled, r.FinishReason));
    }

    [Fact]
    public async Task Engine_Dispose_FailsPendingRequests()
    {
        var engine = new GenerationEngine(Model, new GenerationEngineOptions { MaxBatchSize = 1, MaxContextTokens = 4096 });
        var running = engine.GenerateAsync(new GenerationRequest("long", 4000) { IgnoreEos = true });
        engine.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => running);
        Assert.Throws<ObjectDisposedException>(() => { _ = engine.GenerateAsync(new GenerationRequest("late", 1)); });
    }

    [Fact]
    public async Task Engine_OnText_ReportsGrowingPrefixesOfTheResultWhileItRuns()
    {
        using var engine = new GenerationEngine(Model, new GenerationEngineOptions { MaxBatchSize = 2, MaxContextTokens = 512 });
        var texts = new List<string>();
        var request = new GenerationRequest("Grüße 世界 🎉 stream", 300) { IgnoreEos = true, TextInterval = TimeSpan.Zero, OnText = texts.Add };
        var beside = engine.GenerateAsync(new GenerationRequest("beside it", 300) { IgnoreEos = true, OnText = _ => throw new InvalidOperationException("a listener that fails") });

        var result = await engine.GenerateAsync(request);

        // One report per token but the last (the result carries that one), each extending the one before.
        Assert.Equal(result.TokenIds.Count - 1, texts.Count);
        Assert.All(texts, text => Assert.StartsWith(text, result.Text, StringComparison.Ordinal));
        Assert.All(texts.Zip(texts.Skip(1)), pair => Assert.StartsWith(pair.First, pair.Second, StringComparison.Ordinal));
        Assert.DoesNotContain(texts, text => text.EndsWith('\uFFFD'));
        Assert.Equal(300, (await beside).TokenIds.Count);
    }

    [Fact]
    public async Task Engine_OnText_WaitsItsIntervalBetweenReports()
    {
        using var engine = new GenerationEngine(Model, new GenerationEngineOptions { MaxBatchSize = 1, MaxContextTokens = 512 });
        var texts = new List<string>();

        var result = await engine.GenerateAsync(new GenerationRequest("slow listener", 200) { IgnoreEos = true, TextInterval = TimeSpan.FromHours(1), OnText = texts.Add });

        // The first token is reported at once, the next would be an hour later.
        Assert.Single(texts);
        Assert.StartsWith(texts[0], result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidRequests_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.Generate(new GenerationRequest("x", 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.Generate(new GenerationRequest("x", 3) { TopP = 0 }));
        Assert.Throws<ArgumentException>(() => Model.Generate(new GenerationRequest { PromptTokenIds = [100000] }));
        using var engine = new GenerationEngine(Model, new GenerationEngineOptions { MaxContextTokens = 4 });
        Assert.Throws<ArgumentException>(() => { _ = engine.GenerateAsync(new GenerationRequest("too long", 2)); });
    }

    private static int ArgMax(float[,] logits, int row, int vocab)
    {
        var best = 0;
        for (var v = 1; v < vocab; v++)
        {
            if (logits[row, v] > logits[row, best])
            {
                best = v;
            }
        }

        return best;
    }
}

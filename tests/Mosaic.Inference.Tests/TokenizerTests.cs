using Mosaic.Inference.Tokenization;

namespace Mosaic.Inference.Tests;

public sealed class TokenizerTests
{
    private const string Unicode = "Grüße, 世界! 🎉 naïve café\n\ttabs  and   spaces — ünïcödé 123";

    [Fact]
    public void ByteLevelBpe_RoundTripsUnicode()
    {
        var tokenizer = TestTokenizers.ByteLevel();
        var ids = tokenizer.Encode(Unicode);
        Assert.Equal(Unicode, tokenizer.Decode(ids));
        Assert.True(ids.Count < System.Text.Encoding.UTF8.GetByteCount(Unicode) + 1);
    }

    [Fact]
    public void ByteLevelBpe_AppliesMergesAndSpecialTokens()
    {
        var tokenizer = TestTokenizers.ByteLevel();
        Assert.Equal([tokenizer.TokenToId("hell")!.Value, tokenizer.TokenToId("o")!.Value, tokenizer.TokenToId("Ġworld")!.Value], tokenizer.Encode("hello world"));
        var ids = tokenizer.Encode("<|im_start|>user\nhi<|im_end|>");
        Assert.Equal(tokenizer.TokenToId("<|im_start|>"), ids[0]);
        Assert.Equal(tokenizer.TokenToId("<|im_end|>"), ids[^1]);
        Assert.Equal("user\nhi", tokenizer.Decode(ids));
    }

    [Fact]
    public void ByteLevelBpe_SavedTokenizerJson_ReloadsIdentically()
    {
        var directory = TestModels.TempDirectory();
        var tokenizer = TestTokenizers.ByteLevel();
        tokenizer.Save(directory);
        var reloaded = (ByteLevelBpeTokenizer)TokenizerLoader.Load(directory);
        Assert.Equal(tokenizer.Encode(Unicode), reloaded.Encode(Unicode));
        Assert.Equal(tokenizer.VocabularySize, reloaded.VocabularySize);
    }

    [Fact]
    public void ByteLevelBpe_ReadsVocabAndMerges()
    {
        var directory = TestModels.TempDirectory();
        var symbols = TestTokenizers.ByteSymbols();
        var vocab = string.Join(",", symbols.Select((s, i) => $"{System.Text.Json.JsonSerializer.Serialize(s)}:{i}"));
        File.WriteAllText(Path.Combine(directory, "vocab.json"), "{" + vocab + ",\"he\":256}");
        File.WriteAllText(Path.Combine(directory, "merges.txt"), "#version: 0.2\nh e\n");
        var tokenizer = TokenizerLoader.Load(directory);
        Assert.Equal([256, 'y'], tokenizer.Encode("hey"));
        Assert.Equal(Unicode, tokenizer.Decode(tokenizer.Encode(Unicode)));
    }

    [Fact]
    public void CharTokenizer_RoundTripsUnicode_AndSavesItsVocabulary()
    {
        var tokenizer = CharTokenizer.FromText(Unicode);
        Assert.Equal(Unicode, tokenizer.Decode(tokenizer.Encode(Unicode)));
        Assert.Equal(Unicode.EnumerateRunes().Count(), tokenizer.Encode(Unicode).Count);
        Assert.Equal([tokenizer.TokenToId(CharTokenizer.Eos)!.Value], tokenizer.Encode(CharTokenizer.Eos));
        Assert.Equal(tokenizer.TokenToId(CharTokenizer.Unknown), tokenizer.Encode("\u2603")[0]);

        var directory = TestModels.TempDirectory();
        tokenizer.Save(directory);
        var reloaded = TokenizerLoader.Load(directory);
        Assert.Equal(tokenizer.Encode(Unicode), reloaded.Encode(Unicode));
    }

    [Fact]
    public void ChatTemplates_RenderEachFamily()
    {
        ChatMessage[] messages = [new("system", "Be brief."), new("user", "Hi")];
        Assert.Equal("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
            ChatTemplate.For(ModelFamily.Qwen2).Format(messages));
        Assert.Equal("<｜begin▁of▁sentence｜>Be brief.<｜User｜>Hi<｜Assistant｜><think>\n",
            ChatTemplate.For(ModelFamily.DeepSeekR1).Format(messages));
        Assert.Equal("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
            ChatTemplate.For(ModelFamily.Llama3).Format(messages));
        Assert.Equal("System: Be brief.\nUser: Hi\nAssistant: ", ChatTemplate.For(ModelFamily.RoleLabels).Format(messages));
        Assert.Equal(ModelFamily.Qwen2, ChatTemplate.Detect(TestTokenizers.ByteLevel(), "qwen2").Family);
        Assert.Equal(ModelFamily.RoleLabels, ChatTemplate.Detect(CharTokenizer.FromText("abc"), "qwen2").Family);
    }
}

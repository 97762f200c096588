using System.Text.Json.Nodes;
using Mosaic.Inference.Generation;
using Mosaic.Inference.SafeTensors;
using Mosaic.Inference.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace Mosaic.Inference.Tests;

[Collection(TorchCollection.Name)]
public sealed class HfCheckpointTests(TorchFixture fixture)
{
    [Fact]
    public void TinyQwen2Checkpoint_InHfLayout_LoadsAndGenerates()
    {
        Assert.NotNull(fixture.Model);
        var directory = TestModels.TempDirectory();
        var tokenizer = TestTokenizers.ByteLevel();
        var config = TestModels.TinyConfig(tokenizer.VocabularySize, tied: true) with
        {
            EosTokenIds = [tokenizer.TokenToId("<|endoftext|>")!.Value],
            TorchDtype = "bfloat16",
        };
        File.WriteAllText(Path.Combine(directory, "config.json"), config.ToJson());
        File.WriteAllText(Path.Combine(directory, "generation_config.json"),
            $"{{\"eos_token_id\": [{tokenizer.TokenToId("<|im_end|>")}, {tokenizer.TokenToId("<|endoftext|>")}]}}");
        tokenizer.Save(directory);
        WriteRandomCheckpoint(config, Path.Combine(directory, "model.safetensors"));

        using var model = LanguageModel.Load(directory, new ModelLoadOptions { Device = InferenceDevice.Cpu });
        Assert.Equal("BFloat16", model.DTypeName);
        Assert.Equal(ModelFamily.Qwen2, Assert.IsType<ChatTemplate>(model.Prompt).Family);
        Assert.Contains(tokenizer.TokenToId("<|im_end|>")!.Value, model.StopTokenIds);

        var prompt = model.Prompt.Format([new ChatMessage("user", "Hello, world!")]);
        var result = model.Generate(new GenerationRequest(prompt, 12));
        Assert.Equal(tokenizer.Encode(prompt).Count, result.InputTokens);
        Assert.InRange(result.OutputTokens, 1, 12);
        Assert.Equal(result.OutputTokens, result.TokenIds.Count);
    }

    [Fact]
    public void TinyQwen2Checkpoint_WithTheRealQwen25ChatTemplate_FormatsThroughIt()
    {
        var directory = TestModels.TempDirectory();
        var tokenizer = TestTokenizers.ByteLevel();
        var config = TestModels.TinyConfig(tokenizer.VocabularySize, tied: true) with { TorchDtype = "bfloat16" };
        File.WriteAllText(Path.Combine(directory, "config.json"), config.ToJson());
        tokenizer.Save(directory);
        File.Copy(Path.Combine(Prompting.ChatTemplateFixtures.Folder("qwen2_5"), "tokenizer_config.json"), Path.Combine(directory, "tokenizer_config.json"));
        WriteRandomCheckpoint(config, Path.Combine(directory, "model.safetensors"));

        using var model = LanguageModel.Load(directory, new ModelLoadOptions { Device = InferenceDevice.Cpu });

        var template = Assert.IsType<Mosaic.Inference.Prompting.JinjaChatTemplate>(model.Prompt);
        Assert.EndsWith("tokenizer_config.json", template.Source);
        var reference = Prompting.ChatTemplateFixtures.Cases("qwen2_5").First(c => c.Name == "system-and-user");
        var prompt = model.Prompt.Format(reference.Messages);
        Assert.Equal(reference.Expected, prompt);
        Assert.Contains(tokenizer.TokenToId("<|im_end|>")!.Value, model.StopTokenIds);
        Assert.Contains(tokenizer.TokenToId("<|endoftext|>")!.Value, model.StopTokenIds);
        var result = model.Generate(new GenerationRequest(prompt, 8));
        Assert.Equal(tokenizer.Encode(prompt).Count, result.InputTokens);
        Assert.Equal(model.CountPromptTokens(reference.Messages), result.InputTokens);
    }

    [Fact]
    public void SavedRandomModel_ReloadsWithIdenticalLogits()
    {
        var directory = TestModels.TempDirectory();
        fixture.Model.Save(directory);
        using var reloaded = LanguageModel.Load(directory, new ModelLoadOptions { Device = InferenceDevice.Cpu });
        Assert.IsType<CharTokenizer>(reloaded.Tokenizer);
        var tokens = fixture.Tokenizer.Encode("hello there");
        Assert.Equal(fixture.Model.FullLogits(tokens), reloaded.FullLogits(tokens));
    }

    [Fact]
    public void ShardedCheckpoint_WithIndex_Loads()
    {
        var directory = TestModels.TempDirectory();
        fixture.Model.Save(directory);
        var single = Path.Combine(directory, "model.safetensors");
        var weightMap = new JsonObject();
        using (var file = SafeTensorsFile.Open(single))
        using (var scope = NewDisposeScope())
        {
            var names = file.Tensors.Keys.Order(StringComparer.Ordinal).ToList();
            for (var shard = 0; shard < 2; shard++)
            {
                var shardName = $"model-0000{shard + 1}-of-00002.safetensors";
                var part = names.Where((_, i) => i % 2 == shard).ToList();
                SafeTensorsWriter.Write(Path.Combine(directory, shardName), part.Select(n => new KeyValuePair<string, Tensor>(n, file.Read(n))));
                part.ForEach(n => weightMap[n] = shardName);
            }
        }

        File.Delete(single);
        File.WriteAllText(Path.Combine(directory, "model.safetensors.index.json"), new JsonObject { ["metadata"] = new JsonObject(), ["weight_map"] = weightMap }.ToJsonString());
        using var reloaded = LanguageModel.Load(directory, new ModelLoadOptions { Device = InferenceDevice.Cpu });
        var tokens = fixture.Tokenizer.Encode("sharded");
        Assert.Equal(fixture.Model.FullLogits(tokens), reloaded.FullLogits(tokens));
    }

    [Fact]
    public void TensorShape_ContradictingConfig_NamesFileAndTensor()
    {
        var directory = TestModels.TempDirectory();
        fixture.Model.Save(directory);
        var configPath = Path.Combine(directory, "config.json");
        var json = JsonNode.Parse(File.ReadAllText(configPath))!;
        json["intermediate_size"] = 48;
        File.WriteAllText(configPath, json.ToJsonString());

        var error = Assert.Throws<ModelLoadException>(() => LanguageModel.Load(directory));
        Assert.Equal(Path.Combine(directory, "model.safetensors"), error.FilePath);
        Assert.Equal("model.layers.0.mlp.gate_proj.weight", error.TensorName);
        Assert.Contains("contradicts config.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingTensor_AndMissingTokenizer_AreClearErrors()
    {
        var directory = TestModels.TempDirectory();
        fixture.Model.Save(directory);
        File.Delete(Path.Combine(directory, CharTokenizer.FileName));
        var noTokenizer = Assert.Throws<ModelLoadException>(() => LanguageModel.Load(directory));
        Assert.Contains("no tokenizer found", noTokenizer.Message, StringComparison.Ordinal);
        Assert.Equal(directory, noTokenizer.FilePath);

        fixture.Tokenizer.Save(directory);
        var checkpoint = Path.Combine(directory, "model.safetensors");
        using (var file = SafeTensorsFile.Open(checkpoint))
        using (var scope = NewDisposeScope())
        {
            var kept = file.Tensors.Keys.Where(k => k != "model.norm.weight").Select(k => new KeyValuePair<string, Tensor>(k, file.Read(k))).ToList();
            file.Dispose();
            SafeTensorsWriter.Write(checkpoint, kept);
        }

        var missing = Assert.Throws<ModelLoadException>(() => LanguageModel.Load(directory));
        Assert.Equal("model.norm.weight", missing.TensorName);
        Assert.Contains("missing", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFolderAndConfig_AreClearErrors()
    {
        var directory = TestModels.TempDirectory();
        Assert.Contains("config.json not found", Assert.Throws<ModelLoadException>(() => LanguageModel.Load(directory)).Message, StringComparison.Ordinal);
        Assert.Contains("model folder not found", Assert.Throws<ModelLoadException>(() => LanguageModel.Load(Path.Combine(directory, "nope"))).Message, StringComparison.Ordinal);
    }

    /// <summary>Writes Hugging Face tensor names and shapes directly, independent of the module tree.</summary>
    private static void WriteRandomCheckpoint(ModelConfig c, string path)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(11);
        Tensor R(params long[] shape) => (torch.randn(shape, generator: generator) * 0.3).to(ScalarType.BFloat16);
        var kv = c.NumKeyValueHeads * c.HeadDim;
        var q = c.NumAttentionHeads * c.HeadDim;
        var tensors = new Dictionary<string, Tensor>
        {
            ["model.embed_tokens.weight"] = R(c.VocabSize, c.HiddenSize),
            ["model.norm.weight"] = torch.ones(c.HiddenSize, ScalarType.BFloat16),
            ["model.rotary_emb.inv_freq"] = torch.ones(c.HeadDim / 2),
        };
        for (var i = 0; i < c.NumHiddenLayers; i++)
        {
            var p = $"model.layers.{i}.";
            tensors[p + "input_layernorm.weight"] = torch.ones(c.HiddenSize, ScalarType.BFloat16);
            tensors[p + "post_attention_layernorm.weight"] = torch.ones(c.HiddenSize, ScalarType.BFloat16);
            tensors[p + "self_attn.q_proj.weight"] = R(q, c.HiddenSize);
            tensors[p + "self_attn.q_proj.bias"] = R(q);
            tensors[p + "self_attn.k_proj.weight"] = R(kv, c.HiddenSize);
            tensors[p + "self_attn.k_proj.bias"] = R(kv);
            tensors[p + "self_attn.v_proj.weight"] = R(kv, c.HiddenSize);
            tensors[p + "self_attn.v_proj.bias"] = R(kv);
            tensors[p + "self_attn.o_proj.weight"] = R(c.HiddenSize, q);
            tensors[p + "mlp.gate_proj.weight"] = R(c.IntermediateSize, c.HiddenSize);
            tensors[p + "mlp.up_proj.weight"] = R(c.IntermediateSize, c.HiddenSize);
            tensors[p + "mlp.down_proj.weight"] = R(c.HiddenSize, c.IntermediateSize);
        }

        SafeTensorsWriter.Write(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });
    }
}

using Mosaic.Inference.Loading;
using TorchSharp;
using static TorchSharp.torch;
using Biases = Mosaic.Inference.Tests.TestCheckpoints.Biases;

namespace Mosaic.Inference.Tests;

[Collection(TorchCollection.Name)]
public sealed class StrictLoadingTests(TorchFixture fixture)
{
    private static readonly ModelLoadOptions Cpu = new() { Device = InferenceDevice.Cpu };

    private ModelConfig Llama(bool attentionBias, bool mlpBias) =>
        TestModels.TinyConfig(fixture.Tokenizer.VocabularySize) with { ModelType = "llama", AttentionBias = attentionBias, MlpBias = mlpBias };

    [Fact]
    public void LlamaBiasFlags_LoadEveryBias_AndEachBiasChangesTheLogits()
    {
        var config = Llama(attentionBias: true, mlpBias: true);
        var tensors = TestCheckpoints.Tensors(config, new Biases(true, true, true));
        var tokens = fixture.Tokenizer.Encode("bias check");
        using var model = LanguageModel.Load(TestCheckpoints.WriteFolder(config, tensors, fixture.Tokenizer), Cpu);
        var logits = model.FullLogits(tokens);

        foreach (var bias in new[] { "self_attn.q_proj.bias", "self_attn.v_proj.bias", "self_attn.o_proj.bias", "mlp.gate_proj.bias", "mlp.up_proj.bias", "mlp.down_proj.bias" })
        {
            using var scope = NewDisposeScope();
            var zeroed = tensors.ToDictionary(kv => kv.Key, kv => kv.Key.EndsWith(bias, StringComparison.Ordinal) ? torch.zeros_like(kv.Value) : kv.Value);
            using var without = LanguageModel.Load(TestCheckpoints.WriteFolder(config, zeroed, fixture.Tokenizer), Cpu);
            Assert.True(MaxDifference(logits, without.FullLogits(tokens)) > 1e-3, $"zeroing every {bias} left the logits unchanged: the bias is not applied");
        }
    }

    [Fact]
    public void MlpBiases_InTheCheckpoint_ButNotInConfig_AreAnErrorNamingTheFirst()
    {
        var config = Llama(attentionBias: false, mlpBias: false);
        var directory = TestCheckpoints.WriteFolder(config, TestCheckpoints.Tensors(config, new Biases(false, false, true)), fixture.Tokenizer);

        var error = Assert.Throws<ModelLoadException>(() => LanguageModel.Load(directory, Cpu));
        Assert.Equal(Path.Combine(directory, "model.safetensors"), error.FilePath);
        Assert.Equal("model.layers.0.mlp.down_proj.bias", error.TensorName);
        Assert.EndsWith("not used by the model config.json describes (mlp_bias is not set); 5 more unused tensors", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LlamaAttentionBias_WithoutAnOutputBias_IsAnErrorNamingIt()
    {
        // Hugging Face's Llama gives o_proj a bias whenever attention_bias is set; a checkpoint with only q/k/v
        // biases would otherwise load with the output biases left uninitialised.
        var config = Llama(attentionBias: true, mlpBias: false);
        var directory = TestCheckpoints.WriteFolder(config, TestCheckpoints.Tensors(config, new Biases(true, false, false)), fixture.Tokenizer);

        var error = Assert.Throws<ModelLoadException>(() => LanguageModel.Load(directory, Cpu));
        Assert.Equal("model.layers.0.self_attn.o_proj.bias", error.TensorName);
        Assert.Contains("missing from the checkpoint (config.json sets attention_bias, which gives o_proj a bias too); 1 more missing tensor", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtraTensor_IsAnErrorNamingIt()
    {
        var config = TestModels.TinyConfig(fixture.Tokenizer.VocabularySize);
        var tensors = TestCheckpoints.Tensors(config, new Biases(true, false, false));
        tensors["model.layers.1.self_attn.q_norm.weight"] = torch.ones(config.HeadDim);
        var directory = TestCheckpoints.WriteFolder(config, tensors, fixture.Tokenizer);

        var error = Assert.Throws<ModelLoadException>(() => LanguageModel.Load(directory, Cpu));
        Assert.Equal("model.layers.1.self_attn.q_norm.weight", error.TensorName);
        Assert.Equal($"{Path.Combine(directory, "model.safetensors")}: tensor 'model.layers.1.self_attn.q_norm.weight': not used by the model config.json describes", error.Message);
    }

    [Fact]
    public void MissingTensor_IsAnErrorNamingIt()
    {
        var config = TestModels.TinyConfig(fixture.Tokenizer.VocabularySize);
        var tensors = TestCheckpoints.Tensors(config, new Biases(true, false, false));
        tensors.Remove("model.layers.1.mlp.up_proj.weight");
        var directory = TestCheckpoints.WriteFolder(config, tensors, fixture.Tokenizer);

        var error = Assert.Throws<ModelLoadException>(() => LanguageModel.Load(directory, Cpu));
        Assert.Equal($"{Path.Combine(directory, "model.safetensors")}: tensor 'model.layers.1.mlp.up_proj.weight': missing from the checkpoint", error.Message);
    }

    [Fact]
    public void TiedHead_InTheCheckpoint_LoadsWhenEqualToTheEmbedding_AndIsAnErrorOtherwise()
    {
        var config = TestModels.TinyConfig(fixture.Tokenizer.VocabularySize, tied: true);
        var tensors = TestCheckpoints.Tensors(config, new Biases(true, false, false));
        var tokens = fixture.Tokenizer.Encode("tied");
        using (var withoutHead = LanguageModel.Load(TestCheckpoints.WriteFolder(config, tensors, fixture.Tokenizer), Cpu))
        {
            tensors["lm_head.weight"] = tensors["model.embed_tokens.weight"].clone();
            using var withHead = LanguageModel.Load(TestCheckpoints.WriteFolder(config, tensors, fixture.Tokenizer), Cpu);
            Assert.Equal(withoutHead.FullLogits(tokens), withHead.FullLogits(tokens));
        }

        tensors["lm_head.weight"] = tensors["model.embed_tokens.weight"] + 1;
        var folder = TestCheckpoints.WriteFolder(config, tensors, fixture.Tokenizer);
        // At a host's start-up check as well as at load: until 2026-12-06 only a job's first session of the model saw it.
        foreach (var attempt in new Action[] { () => ModelValidator.Validate(folder), () => LanguageModel.Load(folder, Cpu).Dispose() })
        {
            var error = Assert.Throws<ModelLoadException>(attempt);
            Assert.Equal("lm_head.weight", error.TensorName);
            Assert.Contains("differs from model.embed_tokens.weight although config.json sets tie_word_embeddings", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void IntegerWeight_IsAnErrorNamingIt()
    {
        var config = TestModels.TinyConfig(fixture.Tokenizer.VocabularySize);
        var tensors = TestCheckpoints.Tensors(config, new Biases(true, false, false));
        tensors["model.norm.weight"] = torch.ones(config.HiddenSize, ScalarType.Int32);
        var error = Assert.Throws<ModelLoadException>(() => LanguageModel.Load(TestCheckpoints.WriteFolder(config, tensors, fixture.Tokenizer), Cpu));
        Assert.Equal("model.norm.weight", error.TensorName);
        Assert.Contains("dtype I32 is not a floating-point type", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("qwen2", true, false, false)]
    [InlineData("qwen2", true, true, false)]
    [InlineData("llama", false, true, false)]
    [InlineData("llama", true, false, true)]
    [InlineData("llama", true, true, true)]
    public void Layout_EqualsTheModulesParameters(string modelType, bool attentionBias, bool tied, bool mlpBias)
    {
        var config = TestModels.TinyConfig(fixture.Tokenizer.VocabularySize, tied) with { ModelType = modelType, AttentionBias = attentionBias, MlpBias = mlpBias };
        using var model = LanguageModel.CreateRandom(config, fixture.Tokenizer);
        var parameters = model.Network.CheckpointParameters().ToDictionary(p => p.Name, p => p.Parameter.shape);
        var expected = CheckpointLayout.Expected(config);
        Assert.Equal(expected.Keys.Order(), parameters.Keys.Order());
        Assert.All(expected, kv => Assert.Equal(kv.Value, parameters[kv.Key]));
    }

    private static double MaxDifference(float[,] a, float[,] b)
    {
        var max = 0.0;
        for (var i = 0; i < a.GetLength(0); i++)
        {
            for (var j = 0; j < a.GetLength(1); j++)
            {
                max = Math.Max(max, Math.Abs(a[i, j] - b[i, j]));
            }
        }

        return max;
    }
}

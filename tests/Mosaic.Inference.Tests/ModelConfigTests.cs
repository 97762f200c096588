using Mosaic.Inference.Modules;

namespace Mosaic.Inference.Tests;

public sealed class ModelConfigTests
{
    [Fact]
    public void Parse_ReadsQwen2Config()
    {
        var config = ModelConfig.Parse("""
            {"model_type":"qwen2","vocab_size":151936,"hidden_size":896,"intermediate_size":4864,"num_hidden_layers":24,
             "num_attention_heads":14,"num_key_value_heads":2,"rms_norm_eps":1e-06,"rope_theta":1000000.0,
             "max_position_embeddings":32768,"tie_word_embeddings":true,"torch_dtype":"bfloat16","eos_token_id":151645,
             "bos_token_id":151643,"hidden_act":"silu","rope_scaling":null,"use_sliding_window":false,"sliding_window":32768}
            """);
        Assert.Equal(64, config.HeadDim);
        Assert.True(config.AttentionBias);
        Assert.True(config.TieWordEmbeddings);
        Assert.Equal(1e6, config.RopeTheta);
        Assert.Equal([151645], config.EosTokenIds);
        Assert.Null(config.RopeScaling);
        Assert.Equal(config.ToJson(), ModelConfig.Parse(config.ToJson()).ToJson());
    }

    [Fact]
    public void Parse_AcceptsRopeParametersAndLlama3Scaling()
    {
        var config = ModelConfig.Parse("""
            {"model_type":"llama","vocab_size":128256,"hidden_size":2048,"intermediate_size":8192,"num_hidden_layers":16,
             "num_attention_heads":32,"num_key_value_heads":8,"head_dim":64,"eos_token_id":[128001,128008,128009],
             "rope_parameters":{"rope_theta":500000.0,"rope_type":"llama3","factor":32.0,"low_freq_factor":1.0,
             "high_freq_factor":4.0,"original_max_position_embeddings":8192}}
            """);
        Assert.False(config.AttentionBias);
        Assert.Equal(500000, config.RopeTheta);
        Assert.Equal(new RopeScaling("llama3", 32, 1, 4, 8192), config.RopeScaling);
        Assert.Equal(3, config.EosTokenIds.Count);

        var frequencies = RotaryEmbedding.InverseFrequencies(config);
        var plain = RotaryEmbedding.InverseFrequencies(config with { RopeScaling = null });
        Assert.Equal(plain[0], frequencies[0]);
        Assert.Equal(plain[^1] / 32, frequencies[^1], 6);
        Assert.All(frequencies.Zip(plain), p => Assert.InRange(p.First, p.Second / 32 * 0.999, p.Second * 1.001));
    }

    [Theory]
    [InlineData("\"num_key_value_heads\":3", "multiple of num_key_value_heads")]
    [InlineData("\"model_type\":\"qwen3\"", "model_type 'qwen3' is not a supported model family")]
    [InlineData("\"model_type\":\"qwen2_moe\"", "model_type 'qwen2_moe' is not a supported model family")]
    [InlineData("\"model_type\":\"mistral\"", "(supported: qwen2, llama)")]
    [InlineData("\"hidden_act\":\"gelu\"", "hidden_act")]
    [InlineData("\"rope_scaling\":{\"rope_type\":\"yarn\",\"factor\":4}", "yarn")]
    [InlineData("\"architectures\":[\"LlamaForSequenceClassification\"]", "architectures [LlamaForSequenceClassification] is not supported for model_type 'llama' (supported: LlamaForCausalLM)")]
    [InlineData("\"model_type\":\"qwen2\",\"architectures\":[\"LlamaForCausalLM\"]", "(supported: Qwen2ForCausalLM)")]
    [InlineData("\"use_sliding_window\":true,\"sliding_window\":1024,\"max_position_embeddings\":4096", "sliding-window attention (use_sliding_window, sliding_window 1024) is not supported")]
    [InlineData("\"use_sliding_window\":true", "sliding_window unset")]
    [InlineData("\"layer_types\":[\"full_attention\",\"sliding_attention\"],\"sliding_window\":8", "sliding-window attention")]
    public void Parse_RejectsUnsupportedArchitectures(string field, string expected)
    {
        var family = field.Contains("model_type", StringComparison.Ordinal) ? "" : "\"model_type\":\"llama\",";
        var json = "{" + family + "\"vocab_size\":10,\"hidden_size\":8,\"intermediate_size\":16,\"num_hidden_layers\":1,\"num_attention_heads\":2," + field + "}";
        var error = Assert.Throws<ModelLoadException>(() => ModelConfig.Parse(json, "cfg.json"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("cfg.json: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"use_sliding_window\":false,\"sliding_window\":1024")]
    [InlineData("\"use_sliding_window\":true,\"sliding_window\":4096")]
    [InlineData("\"architectures\":[\"Qwen2ForCausalLM\"]")]
    public void Parse_AcceptsQwen2WindowsThatNeverApplyAndItsCausalHead(string field)
    {
        var json = "{\"model_type\":\"qwen2\",\"vocab_size\":10,\"hidden_size\":8,\"intermediate_size\":16,\"num_hidden_layers\":1,"
            + "\"num_attention_heads\":2,\"max_position_embeddings\":4096," + field + "}";
        Assert.Equal(4096, ModelConfig.Parse(json).MaxPositionEmbeddings);
    }

    [Fact]
    public void Parse_MissingModelType_NamesTheFile()
    {
        var error = Assert.Throws<ModelLoadException>(() => ModelConfig.Parse("{\"vocab_size\":10}", "dir/config.json"));
        Assert.Equal("dir/config.json: model_type is missing (supported: qwen2, llama)", error.Message);
    }

    [Fact]
    public void Parse_BiasFlags_FollowHuggingFace()
    {
        const string body = "\"vocab_size\":10,\"hidden_size\":8,\"intermediate_size\":16,\"num_hidden_layers\":1,\"num_attention_heads\":2";
        var llama = ModelConfig.Parse("{\"model_type\":\"llama\",\"attention_bias\":true,\"mlp_bias\":true," + body + "}");
        Assert.True(llama.AttentionBias);
        Assert.True(llama.AttentionOutputBias);
        Assert.True(llama.MlpBias);
        Assert.Equal(llama.ToJson(), ModelConfig.Parse(llama.ToJson()).ToJson());

        var plainLlama = ModelConfig.Parse("{\"model_type\":\"llama\"," + body + "}");
        Assert.False(plainLlama.AttentionBias || plainLlama.AttentionOutputBias || plainLlama.MlpBias);

        // Qwen2 always has q/k/v biases and never an o_proj or MLP bias, whatever mlp_bias says.
        var qwen = ModelConfig.Parse("{\"model_type\":\"qwen2\",\"mlp_bias\":true," + body + "}");
        Assert.True(qwen.AttentionBias);
        Assert.False(qwen.AttentionOutputBias);
        Assert.False(qwen.MlpBias);
    }
}

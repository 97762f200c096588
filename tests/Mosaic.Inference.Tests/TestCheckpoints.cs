using TorchSharp;
using static TorchSharp.torch;

namespace Mosaic.Inference.Tests;

/// <summary>
/// Random checkpoints under Hugging Face tensor names, written tensor by tensor and independent of the module tree
/// and of the loader's layout, so a name the runtime expects but Hugging Face does not write (or the reverse) shows.
/// Which biases are written is chosen here, not derived from the config, so tests can contradict config.json.
/// </summary>
internal static class TestCheckpoints
{
    public sealed record Biases(bool QueryKeyValue, bool Output, bool Mlp);

    public static Dictionary<string, Tensor> Tensors(ModelConfig c, Biases biases, int seed = 11, ScalarType dtype = ScalarType.Float32)
    {
        var generator = new Generator((ulong)seed);
        Tensor R(params long[] shape) => (torch.randn(shape, generator: generator) * 0.3).to(dtype).DetachFromDisposeScope();
        Tensor Norm() => (1 + torch.randn(c.HiddenSize, generator: generator) * 0.1).to(dtype).DetachFromDisposeScope();
        var kv = c.NumKeyValueHeads * c.HeadDim;
        var q = c.NumAttentionHeads * c.HeadDim;
        var tensors = new Dictionary<string, Tensor>
        {
            ["model.embed_tokens.weight"] = R(c.VocabSize, c.HiddenSize),
            ["model.norm.weight"] = Norm(),
        };
        if (!c.TieWordEmbeddings)
        {
            tensors["lm_head.weight"] = R(c.VocabSize, c.HiddenSize);
        }

        for (var i = 0; i < c.NumHiddenLayers; i++)
        {
            var p = $"model.layers.{i}.";
            tensors[p + "input_layernorm.weight"] = Norm();
            tensors[p + "post_attention_layernorm.weight"] = Norm();
            tensors[p + "self_attn.q_proj.weight"] = R(q, c.HiddenSize);
            tensors[p + "self_attn.k_proj.weight"] = R(kv, c.HiddenSize);
            tensors[p + "self_attn.v_proj.weight"] = R(kv, c.HiddenSize);
            tensors[p + "self_attn.o_proj.weight"] = R(c.HiddenSize, q);
            tensors[p + "mlp.gate_proj.weight"] = R(c.IntermediateSize, c.HiddenSize);
            tensors[p + "mlp.up_proj.weight"] = R(c.IntermediateSize, c.HiddenSize);
            tensors[p + "mlp.down_proj.weight"] = R(c.HiddenSize, c.IntermediateSize);
            if (biases.QueryKeyValue)
            {
                tensors[p + "self_attn.q_proj.bias"] = R(q);
                tensors[p + "self_attn.k_proj.bias"] = R(kv);
                tensors[p + "self_attn.v_proj.bias"] = R(kv);
            }

            if (biases.Output)
            {
                tensors[p + "self_attn.o_proj.bias"] = R(c.HiddenSize);
            }

            if (biases.Mlp)
            {
                tensors[p + "mlp.gate_proj.bias"] = R(c.IntermediateSize);
                tensors[p + "mlp.up_proj.bias"] = R(c.IntermediateSize);
                tensors[p + "mlp.down_proj.bias"] = R(c.HiddenSize);
            }
        }

        return tensors;
    }

    /// <summary>Writes config.json, the tokenizer and model.safetensors holding <paramref name="tensors"/>; returns the folder.</summary>
    public static string WriteFolder(ModelConfig config, IReadOnlyDictionary<string, Tensor> tensors, Tokenization.ITextTokenizer tokenizer, string? directory = null)
    {
        directory ??= TestModels.TempDirectory();
        File.WriteAllText(Path.Combine(directory, "config.json"), config.ToJson());
        tokenizer.Save(directory);
        SafeTensors.SafeTensorsWriter.Write(Path.Combine(directory, "model.safetensors"), tensors, new Dictionary<string, string> { ["format"] = "pt" });
        return directory;
    }
}

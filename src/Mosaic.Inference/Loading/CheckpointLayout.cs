using System.Text.RegularExpressions;
using Mosaic.Inference.SafeTensors;
using static TorchSharp.torch;

namespace Mosaic.Inference.Loading;

/// <summary>
/// Exactly which tensors a config implies, by Hugging Face name and shape, and the strict comparison of a checkpoint
/// against it: every expected tensor present with its shape and a floating-point dtype, and nothing else. Two kinds
/// of extra tensor are accepted on purpose: rotary <c>inv_freq</c> buffers (old exports; the runtime computes them
/// from rope_theta and rope_scaling) and, with tied embeddings, an <c>lm_head.weight</c> that must equal the
/// embedding (its bytes compared with the embedding's in the files).
/// </summary>
internal static partial class CheckpointLayout
{
    public const string Embedding = "model.embed_tokens.weight";
    public const string Head = "lm_head.weight";

    public static IReadOnlyDictionary<string, long[]> Expected(ModelConfig c)
    {
        var q = (long)c.NumAttentionHeads * c.HeadDim;
        var kv = (long)c.NumKeyValueHeads * c.HeadDim;
        var tensors = new Dictionary<string, long[]>(StringComparer.Ordinal) { [Embedding] = [c.VocabSize, c.HiddenSize] };
        for (var i = 0; i < c.NumHiddenLayers; i++)
        {
            var p = $"model.layers.{i}.";
            tensors[p + "input_layernorm.weight"] = [c.HiddenSize];
            tensors[p + "post_attention_layernorm.weight"] = [c.HiddenSize];
            Linear(tensors, p + "self_attn.q_proj", q, c.HiddenSize, c.AttentionBias);
            Linear(tensors, p + "self_attn.k_proj", kv, c.HiddenSize, c.AttentionBias);
            Linear(tensors, p + "self_attn.v_proj", kv, c.HiddenSize, c.AttentionBias);
            Linear(tensors, p + "self_attn.o_proj", c.HiddenSize, q, c.AttentionOutputBias);
            Linear(tensors, p + "mlp.gate_proj", c.IntermediateSize, c.HiddenSize, c.MlpBias);
            Linear(tensors, p + "mlp.up_proj", c.IntermediateSize, c.HiddenSize, c.MlpBias);
            Linear(tensors, p + "mlp.down_proj", c.HiddenSize, c.IntermediateSize, c.MlpBias);
        }

        tensors["model.norm.weight"] = [c.HiddenSize];
        if (!c.TieWordEmbeddings)
        {
            tensors[Head] = [c.VocabSize, c.HiddenSize];
        }

        return tensors;
    }

    /// <summary>Throws <see cref="ModelLoadException"/> naming the first tensor that is missing, misshapen, not floating point or unused.</summary>
    public static void Check(CheckpointFiles files, ModelConfig config)
    {
        var expected = Expected(config);
        var missing = expected.Keys.Where(n => !files.Owner.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            throw new ModelLoadException(files.Description, missing[0], $"missing from the checkpoint{MissingReason(missing[0], config)}{More(missing.Count, "missing tensor")}");
        }

        foreach (var (name, shape) in expected)
        {
            var info = files.Owner[name].Info(name);
            if (!info.Shape.SequenceEqual(shape))
            {
                throw new ModelLoadException(files.Owner[name].Path, name,
                    $"shape [{string.Join(", ", info.Shape)}] contradicts config.json, which implies [{string.Join(", ", shape)}]");
            }

            RequireFloat(files.Owner[name], info);
        }

        var unused = files.Owner.Keys.Where(n => !expected.ContainsKey(n) && !IsDeliberatelySkipped(n, files, config)).Order(StringComparer.Ordinal).ToList();
        if (unused.Count > 0)
        {
            throw new ModelLoadException(files.Owner[unused[0]].Path, unused[0],
                $"not used by the model config.json describes{UnusedReason(unused[0], config)}{More(unused.Count, "unused tensor")}");
        }
    }

    /// <summary>Rotary buffers whose shape fits, and a tied head of the embedding's shape.</summary>
    private static bool IsDeliberatelySkipped(string name, CheckpointFiles files, ModelConfig config)
    {
        var info = files.Owner[name].Info(name);
        if (RotaryBuffer().IsMatch(name))
        {
            if (!info.Shape.SequenceEqual([config.HeadDim / 2]))
            {
                throw new ModelLoadException(files.Owner[name].Path, name, $"shape [{string.Join(", ", info.Shape)}] is not a rotary inv_freq of head_dim {config.HeadDim}");
            }

            return true;
        }

        if (name == Head && config.TieWordEmbeddings)
        {
            if (!info.Shape.SequenceEqual([config.VocabSize, config.HiddenSize]))
            {
                throw new ModelLoadException(files.Owner[name].Path, name,
                    $"shape [{string.Join(", ", info.Shape)}] differs from the tied embedding's [{config.VocabSize}, {config.HiddenSize}]");
            }

            RequireFloat(files.Owner[name], info);
            if (!files.Owner[name].SameData(name, files.Owner[Embedding], Embedding))
            {
                // Checked here, where a host validates its models at start, not when a job first loads the model.
                throw new ModelLoadException(files.Owner[name].Path, name, $"differs from {Embedding} although config.json sets tie_word_embeddings");
            }

            return true;
        }

        return false;
    }

    private static void RequireFloat(SafeTensorsFile file, SafeTensorInfo info)
    {
        if (info.DType is not (ScalarType.Float32 or ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float64))
        {
            throw new ModelLoadException(file.Path, info.Name, $"dtype {info.DTypeCode} is not a floating-point type");
        }
    }

    private static string MissingReason(string name, ModelConfig config) => name switch
    {
        _ when name.EndsWith("mlp.gate_proj.bias", StringComparison.Ordinal) || name.EndsWith("mlp.up_proj.bias", StringComparison.Ordinal)
            || name.EndsWith("mlp.down_proj.bias", StringComparison.Ordinal) => " (config.json sets mlp_bias)",
        _ when name.EndsWith("o_proj.bias", StringComparison.Ordinal) => " (config.json sets attention_bias, which gives o_proj a bias too)",
        _ when name.EndsWith("_proj.bias", StringComparison.Ordinal) && config.ModelType == ModelConfig.Qwen2Type => " (Qwen2 has q/k/v biases)",
        _ when name.EndsWith("_proj.bias", StringComparison.Ordinal) => " (config.json sets attention_bias)",
        Head => " (tie_word_embeddings is false)",
        _ => "",
    };

    private static string UnusedReason(string name, ModelConfig config) => name switch
    {
        _ when name.EndsWith("mlp.gate_proj.bias", StringComparison.Ordinal) || name.EndsWith("mlp.up_proj.bias", StringComparison.Ordinal)
            || name.EndsWith("mlp.down_proj.bias", StringComparison.Ordinal) => config.ModelType == ModelConfig.LlamaType ? " (mlp_bias is not set)" : " (Qwen2's MLP has no biases)",
        _ when name.EndsWith("o_proj.bias", StringComparison.Ordinal) && config.ModelType == ModelConfig.Qwen2Type => " (Qwen2's o_proj has no bias)",
        _ when name.EndsWith("_proj.bias", StringComparison.Ordinal) && config.ModelType == ModelConfig.LlamaType => " (attention_bias is not set)",
        _ => "",
    };

    private static string More(int count, string what) => count > 1 ? $"; {count - 1} more {what}{(count > 2 ? "s" : "")}" : "";

    private static void Linear(Dictionary<string, long[]> tensors, string prefix, long outFeatures, long inFeatures, bool bias)
    {
        tensors[prefix + ".weight"] = [outFeatures, inFeatures];
        if (bias)
        {
            tensors[prefix + ".bias"] = [outFeatures];
        }
    }

    [GeneratedRegex(@"^model\.(layers\.\d+\.self_attn\.)?rotary_emb\.inv_freq$")]
    private static partial Regex RotaryBuffer();
}

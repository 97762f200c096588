using Mosaic.Inference;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mosaic.Zoo.Training;

/// <summary>
/// A training-mode twin of Mosaic.Inference's Llama decoder (tied embeddings, no attention bias, SwiGLU, RMSNorm,
/// half-split RoPE), written functionally over named parameters so gradients flow and the names are exactly the
/// checkpoint keys the inference loader expects. Sequences always start at position 0 and are right-padded, so a
/// causal mask is all training needs.
/// </summary>
internal sealed class TrainableDecoder : IDisposable
{
    private readonly List<(string Name, Parameter Parameter)> parameters = [];
    private readonly Dictionary<string, Parameter> byName = new(StringComparer.Ordinal);
    private readonly Tensor inverseFrequencies;

    // Explicit, long-lived scalars: an implicitly converted Scalar can be finalised while the native call that
    // received its handle is still running (TorchSharp PR #1434), which showed up as a libtorch assertion when two
    // models trained in parallel.
    private readonly Scalar epsilon;

    public TrainableDecoder(ModelConfig config, int seed)
    {
        config.Validate();
        if (!config.TieWordEmbeddings || config.AttentionBias || config.NumKeyValueHeads != config.NumAttentionHeads)
        {
            throw new ArgumentException("the trainer builds tied-embedding decoders without attention bias or GQA", nameof(config));
        }

        Config = config;
        TorchRuntime.EnsureInitialized();
        var generator = new Generator((ulong)seed);
        var hidden = config.HiddenSize;
        var attention = config.NumAttentionHeads * config.HeadDim;
        var outputStd = 0.02 / Math.Sqrt(2.0 * config.NumHiddenLayers);
        Add("model.embed_tokens.weight", Normal([config.VocabSize, hidden], 0.02, generator));
        for (var layer = 0; layer < config.NumHiddenLayers; layer++)
        {
            var prefix = $"model.layers.{layer}.";
            Add(prefix + "self_attn.q_proj.weight", Normal([attention, hidden], 0.02, generator));
            Add(prefix + "self_attn.k_proj.weight", Normal([attention, hidden], 0.02, generator));
            Add(prefix + "self_attn.v_proj.weight", Normal([attention, hidden], 0.02, generator));
            Add(prefix + "self_attn.o_proj.weight", Normal([hidden, attention], outputStd, generator));
            Add(prefix + "mlp.gate_proj.weight", Normal([config.IntermediateSize, hidden], 0.02, generator));
            Add(prefix + "mlp.up_proj.weight", Normal([config.IntermediateSize, hidden], 0.02, generator));
            Add(prefix + "mlp.down_proj.weight", Normal([hidden, config.IntermediateSize], outputStd, generator));
            Add(prefix + "input_layernorm.weight", torch.ones(hidden));
            Add(prefix + "post_attention_layernorm.weight", torch.ones(hidden));
        }

        Add("model.norm.weight", torch.ones(hidden));
        var frequencies = new float[config.HeadDim / 2];
        for (var j = 0; j < frequencies.Length; j++)
        {
            frequencies[j] = (float)(1.0 / Math.Pow(config.RopeTheta, 2.0 * j / config.HeadDim));
        }

        inverseFrequencies = torch.tensor(frequencies).DetachFromDisposeScope();
        epsilon = config.RmsNormEps.ToScalar();
    }

    public ModelConfig Config { get; }

    /// <summary>Parameters in checkpoint order with their checkpoint names.</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> NamedParameters => parameters;

    public IEnumerable<Parameter> Parameters => parameters.Select(p => p.Parameter);

    public long ParameterCount => parameters.Sum(p => p.Parameter.NumberOfElements);

    /// <summary>Logits [B, T, V] for token ids [B, T].</summary>
    public Tensor Forward(Tensor ids)
    {
        var batch = ids.shape[0];
        var length = ids.shape[1];
        var heads = Config.NumAttentionHeads;
        var headDim = Config.HeadDim;
        var embedding = byName["model.embed_tokens.weight"];
        var x = embedding.index_select(0, ids.flatten()).view(batch, length, Config.HiddenSize);

        var positions = new float[length];
        for (var p = 0; p < length; p++)
        {
            positions[p] = p;
        }

        var angles = torch.tensor(positions).unsqueeze(-1) * inverseFrequencies;
        var emb = torch.cat([angles, angles], -1).view(1, 1, length, headDim);
        var cos = emb.cos();
        var sin = emb.sin();

        for (var layer = 0; layer < Config.NumHiddenLayers; layer++)
        {
            var prefix = $"model.layers.{layer}.";
            var h = Norm(x, byName[prefix + "input_layernorm.weight"]);
            var q = Project(h, prefix + "self_attn.q_proj.weight").view(batch, length, heads, headDim).transpose(1, 2);
            var k = Project(h, prefix + "self_attn.k_proj.weight").view(batch, length, heads, headDim).transpose(1, 2);
            var v = Project(h, prefix + "self_attn.v_proj.weight").view(batch, length, heads, headDim).transpose(1, 2);
            q = Rotate(q, cos, sin);
            k = Rotate(k, cos, sin);
            var context = nn.functional.scaled_dot_product_attention(q, k, v, is_casual: true)
                .transpose(1, 2).reshape(batch, length, heads * headDim);
            x = x + Project(context, prefix + "self_attn.o_proj.weight");

            h = Norm(x, byName[prefix + "post_attention_layernorm.weight"]);
            var gated = nn.functional.silu(Project(h, prefix + "mlp.gate_proj.weight")) * Project(h, prefix + "mlp.up_proj.weight");
            x = x + Project(gated, prefix + "mlp.down_proj.weight");
        }

        x = Norm(x, byName["model.norm.weight"]);
        return torch.matmul(x, embedding.t());
    }

    public void Dispose()
    {
        foreach (var (_, parameter) in parameters)
        {
            parameter.Dispose();
        }

        inverseFrequencies.Dispose();
        epsilon.Dispose();
    }

    private Tensor Project(Tensor x, string name) => torch.matmul(x, byName[name].t());

    private Tensor Norm(Tensor x, Tensor weight) =>
        weight * (x * (x * x).mean([-1], keepdim: true).add(epsilon).rsqrt());

    private static Tensor Rotate(Tensor x, Tensor cos, Tensor sin)
    {
        var half = x.shape[^1] / 2;
        var rotated = torch.cat([-x[.., .., .., (int)half..], x[.., .., .., ..(int)half]], -1);
        return x * cos + rotated * sin;
    }

    private static Tensor Normal(long[] shape, double std, Generator generator) =>
        torch.empty(shape).normal_(0.0, std, generator);

    private void Add(string name, Tensor initial)
    {
        var parameter = new Parameter(initial, requires_grad: true);
        parameter.DetachFromDisposeScope();
        parameters.Add((name, parameter));
        byName[name] = parameter;
    }
}

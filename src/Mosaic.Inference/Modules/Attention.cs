using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mosaic.Inference.Modules;

/// <summary>
/// Grouped-query self-attention with RoPE, optional q/k/v bias and a slot-based KV cache. Query head h reads kv
/// head h / groups; instead of repeating K/V per group, the query heads of a group are stacked so one matmul per kv
/// head serves them all. Scores and softmax run in float32.
/// </summary>
internal sealed class Attention : nn.Module<Tensor, ForwardBatch, Tensor>
{
    private readonly int layer;
    private readonly int heads;
    private readonly int kvHeads;
    private readonly int headDim;
    // Owned explicitly rather than converted implicitly on every call (see RmsNorm).
    private readonly Scalar scale;

    // Field names are the checkpoint's parameter names (state-dict keys).
    private readonly Linear q_proj;
    private readonly Linear k_proj;
    private readonly Linear v_proj;
    private readonly Linear o_proj;

    public Attention(ModelConfig config, int layer, ScalarType dtype, Device device) : base(nameof(Attention))
    {
        this.layer = layer;
        heads = config.NumAttentionHeads;
        kvHeads = config.NumKeyValueHeads;
        headDim = config.HeadDim;
        scale = (1.0 / Math.Sqrt(headDim)).ToScalar();
        q_proj = Weights.Linear(config.HiddenSize, heads * headDim, config.AttentionBias, dtype, device);
        k_proj = Weights.Linear(config.HiddenSize, kvHeads * headDim, config.AttentionBias, dtype, device);
        v_proj = Weights.Linear(config.HiddenSize, kvHeads * headDim, config.AttentionBias, dtype, device);
        o_proj = Weights.Linear(heads * headDim, config.HiddenSize, false, dtype, device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, ForwardBatch batch)
    {
        using var scope = NewDisposeScope();
        var b = x.shape[0];
        var t = x.shape[1];
        var groups = heads / kvHeads;

        var q = q_proj.forward(x).view(b, t, heads, headDim).transpose(1, 2);
        var k = k_proj.forward(x).view(b, t, kvHeads, headDim).transpose(1, 2);
        var v = v_proj.forward(x).view(b, t, kvHeads, headDim).transpose(1, 2);
        q = RotaryEmbedding.Apply(q, batch.Cos, batch.Sin);
        k = RotaryEmbedding.Apply(k, batch.Cos, batch.Sin);

        var cachedKeys = batch.Cache.Keys(layer).narrow(0, batch.SlotStart, b);
        var cachedValues = batch.Cache.Values(layer).narrow(0, batch.SlotStart, b);
        cachedKeys.scatter_(2, batch.WriteIndex, k.contiguous());
        cachedValues.scatter_(2, batch.WriteIndex, v.contiguous());
        var keys = cachedKeys.narrow(2, 0, batch.KeyLength);
        var values = cachedValues.narrow(2, 0, batch.KeyLength);

        // [B, H, T, D] → [B, KV, G·T, D]: the G query heads sharing a kv head become extra query rows.
        var grouped = q.reshape(b, kvHeads, groups * t, headDim);
        var scores = torch.matmul(grouped, keys.transpose(2, 3)).to(ScalarType.Float32) * scale;
        scores = scores.view(b, kvHeads, groups, t, batch.KeyLength) + batch.Mask;
        var probabilities = scores.softmax(-1).to(x.dtype).view(b, kvHeads, groups * t, batch.KeyLength);
        var context = torch.matmul(probabilities, values)
            .view(b, heads, t, headDim)
            .transpose(1, 2)
            .reshape(b, t, heads * headDim);
        return o_proj.forward(context).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            scale.Dispose();
        }

        base.Dispose(disposing);
    }
}

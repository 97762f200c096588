using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mosaic.Inference.Modules;

/// <summary>
/// Grouped-query self-attention with RoPE over a paged KV cache. Projections run on the flat token list; each
/// segment then gathers its rows' cache blocks and attends. Query head h reads kv head h / groups: instead of
/// repeating K/V per group, the query heads of a group are stacked so one matmul per kv head serves them all.
/// Scores and softmax run in float32. Biases as in Hugging Face: Qwen2 has q/k/v biases, Llama's
/// <c>attention_bias</c> gives q/k/v and o_proj one.
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
        o_proj = Weights.Linear(heads * headDim, config.HiddenSize, config.AttentionOutputBias, dtype, device);
        RegisterComponents();
    }

    /// <summary><paramref name="x"/> [N, hidden] → [N, hidden].</summary>
    public override Tensor forward(Tensor x, ForwardBatch batch)
    {
        using var scope = NewDisposeScope();
        var n = x.shape[0];
        // Queries and keys rotate together: one set of RoPE ops instead of two.
        var rotated = RotaryEmbedding.Apply(
            torch.cat([q_proj.forward(x).view(n, heads, headDim), k_proj.forward(x).view(n, kvHeads, headDim)], 1), batch.Cos, batch.Sin);
        var q = rotated.narrow(1, 0, heads);
        var k = rotated.narrow(1, heads, kvHeads);
        var v = v_proj.forward(x).view(n, kvHeads, headDim);

        var keyPool = batch.Cache.Keys(layer);
        var valuePool = batch.Cache.Values(layer);
        keyPool.view(kvHeads, -1, headDim).index_copy_(1, batch.WriteSlots, k.transpose(0, 1));
        valuePool.view(kvHeads, -1, headDim).index_copy_(1, batch.WriteSlots, v.transpose(0, 1));

        var contexts = new Tensor[batch.Segments.Count];
        for (var s = 0; s < contexts.Length; s++)
        {
            contexts[s] = Attend(q, keyPool, valuePool, batch.Segments[s], x.dtype);
        }

        var context = contexts.Length == 1 ? contexts[0] : torch.cat(contexts, 0);
        return o_proj.forward(context).MoveToOuterDisposeScope();
    }

    /// <summary>One segment's attention output [rows·tokens, heads·head_dim].</summary>
    private Tensor Attend(Tensor q, Tensor keyPool, Tensor valuePool, AttentionSegment segment, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var rows = segment.Rows;
        var t = segment.Tokens;
        var groups = heads / kvHeads;
        var length = segment.KeyLength;

        // [rows·T, H, D] → [KV, rows, G·T, D]: the G query heads sharing a kv head become extra query rows.
        var grouped = q.narrow(0, segment.Offset, rows * t)
            .view(rows, t, kvHeads, groups, headDim)
            .permute(2, 0, 3, 1, 4)
            .reshape(kvHeads, rows, groups * t, headDim);
        var keys = keyPool.index_select(1, segment.BlockIndex).view(kvHeads, rows, length, headDim);
        var values = valuePool.index_select(1, segment.BlockIndex).view(kvHeads, rows, length, headDim);

        var scores = torch.matmul(grouped, keys.transpose(2, 3));
        scores = (dtype == ScalarType.Float32 ? scores : scores.to(ScalarType.Float32)) * scale;
        scores = scores.view(kvHeads, rows, groups, t, length).add(segment.Mask, Scalars.One);
        var probabilities = scores.softmax(-1);
        probabilities = (dtype == ScalarType.Float32 ? probabilities : probabilities.to(dtype)).view(kvHeads, rows, groups * t, length);
        return torch.matmul(probabilities, values)
            .view(kvHeads, rows, groups, t, headDim)
            .permute(1, 3, 0, 2, 4)
            .reshape(rows * t, heads * headDim)
            .MoveToOuterDisposeScope();
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

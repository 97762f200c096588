using TorchSharp;
using static TorchSharp.torch;

namespace Mosaic.Inference.Modules;

/// <summary>
/// What every layer of one forward pass shares: rows <c>SlotStart..SlotStart+B</c> of the cache, each token's
/// absolute position, the RoPE tables, the scatter index that writes new keys/values at those positions and the
/// additive mask (key j is visible to a token at position p iff j ≤ p). The same shape serves prefill (right-padded
/// prompts), single-token decode of sequences at different lengths and chunked recomputation.
/// </summary>
internal sealed class ForwardBatch
{
    private ForwardBatch(KvCache cache, int slotStart, int keyLength, Tensor cos, Tensor sin, Tensor writeIndex, Tensor mask)
    {
        Cache = cache;
        SlotStart = slotStart;
        KeyLength = keyLength;
        Cos = cos;
        Sin = sin;
        WriteIndex = writeIndex;
        Mask = mask;
    }

    public KvCache Cache { get; }
    public int SlotStart { get; }
    public int KeyLength { get; }
    public Tensor Cos { get; }
    public Tensor Sin { get; }

    /// <summary>[B, kv_heads, T, head_dim] long: the cache position each new key/value goes to.</summary>
    public Tensor WriteIndex { get; }

    /// <summary>[B, 1, 1, T, L] float32, 0 where visible and −∞ elsewhere.</summary>
    public Tensor Mask { get; }

    /// <summary>Builds the batch context; the tensors belong to the caller's dispose scope.</summary>
    public static ForwardBatch Create(
        ModelConfig config, RotaryEmbedding rope, KvCache cache, int slotStart, long[,] positions, ScalarType dtype, Device device)
    {
        var batch = positions.GetLength(0);
        var tokens = positions.GetLength(1);
        var flat = new long[batch * tokens];
        long maxPosition = 0;
        for (var b = 0; b < batch; b++)
        {
            for (var t = 0; t < tokens; t++)
            {
                var p = positions[b, t];
                if (p < 0 || p >= cache.Capacity)
                {
                    throw new InvalidOperationException($"position {p} is outside the KV cache (capacity {cache.Capacity})");
                }

                flat[b * tokens + t] = p;
                maxPosition = Math.Max(maxPosition, p);
            }
        }

        if (slotStart < 0 || slotStart + batch > cache.Slots)
        {
            throw new InvalidOperationException($"rows {slotStart}..{slotStart + batch} exceed the cache's {cache.Slots} slots");
        }

        var keyLength = (int)maxPosition + 1;
        var positionTensor = torch.tensor(flat, [batch, tokens], device: device);
        var (cos, sin) = rope.Compute(positionTensor, dtype);
        var writeIndex = positionTensor.view(batch, 1, tokens, 1).expand(batch, config.NumKeyValueHeads, tokens, config.HeadDim).contiguous();
        var keyPositions = torch.arange(keyLength, ScalarType.Int64, device).view(1, 1, 1, 1, keyLength);
        var visible = keyPositions <= positionTensor.view(batch, 1, 1, tokens, 1);
        var mask = torch.zeros([batch, 1, 1, tokens, keyLength], ScalarType.Float32, device)
            .masked_fill(visible.logical_not(), float.NegativeInfinity);
        return new ForwardBatch(cache, slotStart, keyLength, cos, sin, writeIndex, mask);
    }
}

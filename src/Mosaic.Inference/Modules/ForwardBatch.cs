using TorchSharp;
using static TorchSharp.torch;

namespace Mosaic.Inference.Modules;

/// <summary>
/// One forward pass over a flat list of tokens from several sequences: decode steps (one token per row), prompt
/// chunks, or both at once. Token-wise layers (embeddings, projections, MLP, norms) run on all tokens together;
/// attention runs per <see cref="AttentionSegment"/>, a group of rows padded to a common length, so a 500-token
/// prompt chunk never pads 63 one-token decode rows. New keys and values go to <see cref="WriteSlots"/>, each
/// token's slot in the paged cache (padding goes to the scratch block).
/// </summary>
internal sealed class ForwardBatch
{
    private ForwardBatch(KvCache cache, Tensor inputIds, Tensor cos, Tensor sin, Tensor writeSlots, IReadOnlyList<AttentionSegment> segments, long[] lastIndices)
    {
        Cache = cache;
        InputIds = inputIds;
        Cos = cos;
        Sin = sin;
        WriteSlots = writeSlots;
        Segments = segments;
        LastIndices = lastIndices;
    }

    public KvCache Cache { get; }

    /// <summary>[N] long, every segment's rows right-padded with id 0.</summary>
    public Tensor InputIds { get; }

    /// <summary>[N, 1, head_dim] RoPE tables of every token's absolute position.</summary>
    public Tensor Cos { get; }

    public Tensor Sin { get; }

    /// <summary>[N] long: cache slot (block · block_tokens + offset) each token's key/value is written to.</summary>
    public Tensor WriteSlots { get; }

    public IReadOnlyList<AttentionSegment> Segments { get; }

    /// <summary>Flat index of each row's last real token, rows in the order given to <see cref="Create"/>.</summary>
    public long[] LastIndices { get; }

    /// <summary>Builds the pass from groups of rows (one segment each); tensors belong to the caller's dispose scope.</summary>
    public static ForwardBatch Create(RotaryEmbedding rope, KvCache cache, IReadOnlyList<IReadOnlyList<ForwardRow>> groups, ScalarType dtype, Device device)
    {
        var blockTokens = cache.BlockTokens;
        var total = groups.Sum(g => g.Count * g.Max(r => r.Tokens.Length));
        var ids = new long[total];
        var positions = new long[total];
        var slots = new long[total];
        var lastIndices = new long[groups.Sum(g => g.Count)];
        var segments = new List<AttentionSegment>(groups.Count);
        var offset = 0;
        var rowNumber = 0;
        foreach (var group in groups)
        {
            var tokens = group.Max(r => r.Tokens.Length);
            var blocksPerRow = group.Max(r => KvCache.BlocksFor(r.Start + r.Tokens.Length, blockTokens));
            var blockIndex = new long[group.Count * blocksPerRow];
            for (var row = 0; row < group.Count; row++)
            {
                var r = group[row];
                if (r.Tokens.Length == 0)
                {
                    throw new InvalidOperationException("a forward row needs at least one token");
                }

                var needed = KvCache.BlocksFor(r.Start + r.Tokens.Length, blockTokens);
                if (r.Blocks.Count < needed)
                {
                    throw new InvalidOperationException($"a row reaching position {r.Start + r.Tokens.Length - 1} holds only {r.Blocks.Count} blocks");
                }

                for (var b = 0; b < blocksPerRow; b++)
                {
                    blockIndex[row * blocksPerRow + b] = b < needed ? r.Blocks[b] : KvCache.ScratchBlock;
                }

                for (var t = 0; t < tokens; t++)
                {
                    var i = offset + row * tokens + t;
                    var position = r.Start + t;
                    positions[i] = position;
                    if (t < r.Tokens.Length)
                    {
                        ids[i] = r.Tokens[t];
                        slots[i] = (long)r.Blocks[position / blockTokens] * blockTokens + position % blockTokens;
                    }
                    else
                    {
                        slots[i] = (long)KvCache.ScratchBlock * blockTokens + t % blockTokens;
                    }
                }

                lastIndices[rowNumber++] = offset + row * tokens + r.Tokens.Length - 1;
            }

            var keyLength = blocksPerRow * blockTokens;
            var mask = Mask(positions.AsSpan(offset, group.Count * tokens), group.Count, tokens, keyLength, device);
            segments.Add(new AttentionSegment(offset, group.Count, tokens, torch.tensor(blockIndex, device: device), keyLength, mask));
            offset += group.Count * tokens;
        }

        var positionTensor = torch.tensor(positions, device: device);
        var (cos, sin) = rope.Compute(positionTensor, positions.Max(), dtype);
        return new ForwardBatch(cache, torch.tensor(ids, device: device), cos, sin, torch.tensor(slots, device: device), segments, lastIndices);
    }

    /// <summary>
    /// [1, rows, 1, tokens, keys]: 0 where key j ≤ the token's position, −∞ elsewhere. Decode segments (one token
    /// per row) are filled on the host in one go; prompt chunks, whose masks can be large, on the device.
    /// </summary>
    private static Tensor Mask(ReadOnlySpan<long> positions, int rows, int tokens, int keys, Device device)
    {
        if (tokens == 1)
        {
            var values = new float[rows * keys];
            for (var row = 0; row < rows; row++)
            {
                values.AsSpan(row * keys + (int)positions[row] + 1, keys - (int)positions[row] - 1).Fill(float.NegativeInfinity);
            }

            return torch.tensor(values, [1, rows, 1, 1, keys], device: device);
        }

        var segmentPositions = torch.tensor(positions.ToArray(), [rows, tokens, 1], device: device);
        using var end = ((long)keys).ToScalar();
        var visible = torch.arange(Scalars.Zero, end, Scalars.One, ScalarType.Int64, device).view(1, 1, keys) <= segmentPositions;
        return torch.zeros([rows, tokens, keys], ScalarType.Float32, device)
            .masked_fill(visible.logical_not(), Scalars.NegativeInfinity)
            .view(1, rows, 1, tokens, keys);
    }
}

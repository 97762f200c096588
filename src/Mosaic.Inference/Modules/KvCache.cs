using TorchSharp;
using static TorchSharp.torch;

namespace Mosaic.Inference.Modules;

/// <summary>
/// Paged keys and values: per layer one <c>[kv_heads, blocks, block_tokens, head_dim]</c> pool shared by all
/// sequences. A sequence owns a list of blocks (its block table), taken one at a time as it grows and returned
/// when it leaves. The pool starts empty and grows (at least doubling, so growth is rare) to cover what admitted
/// sequences have reserved, up to <see cref="MaxBlocks"/>: memory follows requests, never rows × context. Block 0
/// is never handed out: padding tokens write there and padded block tables point there, so they never touch a
/// live sequence.
/// </summary>
internal sealed class KvCache : IDisposable
{
    public const int ScratchBlock = 0;

    private readonly int layers;
    private readonly int kvHeads;
    private readonly int headDim;
    private readonly ScalarType dtype;
    private readonly Device device;
    private readonly Stack<int> free = new();
    private Tensor[] keys = [];
    private Tensor[] values = [];

    public KvCache(ModelConfig config, int blockTokens, int maxBlocks, ScalarType dtype, Device device)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBlocks, 1);
        layers = config.NumHiddenLayers;
        kvHeads = config.NumKeyValueHeads;
        headDim = config.HeadDim;
        this.dtype = dtype;
        this.device = device;
        BlockTokens = blockTokens;
        MaxBlocks = maxBlocks;
    }

    public int BlockTokens { get; }

    /// <summary>Blocks that may be handed out (the scratch block not counted).</summary>
    public int MaxBlocks { get; }

    /// <summary>Blocks the pool holds right now, the scratch block included (0 before first use or after a release).</summary>
    public int PhysicalBlocks { get; private set; }

    /// <summary>The largest <see cref="PhysicalBlocks"/> since construction.</summary>
    public int PeakPhysicalBlocks { get; private set; }

    public int UsedBlocks { get; private set; }

    public Tensor Keys(int layer) => keys[layer];

    public Tensor Values(int layer) => values[layer];

    public static int BlocksFor(long tokens, int blockTokens) => (int)((tokens + blockTokens - 1) / blockTokens);

    /// <summary>Grows the pool so that <paramref name="blocks"/> blocks can be in use at once (one allocation, not one per block).</summary>
    public void EnsureCapacity(int blocks)
    {
        if (blocks > MaxBlocks)
        {
            throw new InvalidOperationException($"{blocks} blocks exceed the KV cache's {MaxBlocks}");
        }

        if (PhysicalBlocks - 1 < blocks)
        {
            Grow(Math.Min(MaxBlocks + 1, Math.Max(blocks + 1, PhysicalBlocks * 2)));
        }
    }

    /// <summary>Hands out a free block, growing the pool when none is left.</summary>
    public int Allocate()
    {
        if (free.Count == 0)
        {
            EnsureCapacity(UsedBlocks + 1);
        }

        UsedBlocks++;
        return free.Pop();
    }

    public void Free(List<int> blocks)
    {
        foreach (var block in blocks)
        {
            free.Push(block);
        }

        UsedBlocks -= blocks.Count;
        blocks.Clear();
    }

    /// <summary>Gives the pool's memory back once no sequence holds a block (an idle engine keeps nothing).</summary>
    public void ReleaseIfUnused()
    {
        if (UsedBlocks != 0 || PhysicalBlocks == 0)
        {
            return;
        }

        DisposeTensors();
        free.Clear();
        PhysicalBlocks = 0;
    }

    private void Grow(int blocks)
    {
        var grownKeys = new Tensor[layers];
        var grownValues = new Tensor[layers];
        using (var scope = NewDisposeScope())
        {
            for (var layer = 0; layer < layers; layer++)
            {
                // Zeros, not empty: masked positions still meet V in a matmul, and 0·NaN would poison the output.
                grownKeys[layer] = torch.zeros([kvHeads, blocks, BlockTokens, headDim], dtype, device).DetachFromDisposeScope();
                grownValues[layer] = torch.zeros([kvHeads, blocks, BlockTokens, headDim], dtype, device).DetachFromDisposeScope();
                if (PhysicalBlocks > 0)
                {
                    grownKeys[layer].narrow(1, 0, PhysicalBlocks).copy_(keys[layer]);
                    grownValues[layer].narrow(1, 0, PhysicalBlocks).copy_(values[layer]);
                }
            }
        }

        DisposeTensors();
        keys = grownKeys;
        values = grownValues;
        for (var block = blocks - 1; block >= Math.Max(PhysicalBlocks, ScratchBlock + 1); block--)
        {
            free.Push(block);
        }

        PhysicalBlocks = blocks;
        PeakPhysicalBlocks = Math.Max(PeakPhysicalBlocks, blocks);
    }

    private void DisposeTensors()
    {
        foreach (var t in keys.Concat(values))
        {
            t.Dispose();
        }

        keys = [];
        values = [];
    }

    public void Dispose() => DisposeTensors();
}

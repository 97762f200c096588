using TorchSharp;
using static TorchSharp.torch;

namespace Mosaic.Inference.Modules;

/// <summary>
/// Preallocated keys and values for <see cref="Slots"/> sequences of up to <see cref="Capacity"/> tokens:
/// one [slots, kv_heads, capacity, head_dim] tensor per layer. Slots are rows; a sequence keeps its row while it
/// runs and finished ones are compacted away so the active rows are always 0..n-1.
/// </summary>
internal sealed class KvCache : IDisposable
{
    private readonly Tensor[] keys;
    private readonly Tensor[] values;

    public KvCache(ModelConfig config, int slots, int capacity, ScalarType dtype, Device device)
    {
        Slots = slots;
        Capacity = capacity;
        keys = new Tensor[config.NumHiddenLayers];
        values = new Tensor[config.NumHiddenLayers];
        for (var layer = 0; layer < config.NumHiddenLayers; layer++)
        {
            // Zeros, not empty: masked positions still meet V in a matmul, and 0·NaN would poison the output.
            keys[layer] = torch.zeros([slots, config.NumKeyValueHeads, capacity, config.HeadDim], dtype, device).DetachFromDisposeScope();
            values[layer] = torch.zeros([slots, config.NumKeyValueHeads, capacity, config.HeadDim], dtype, device).DetachFromDisposeScope();
        }
    }

    public int Slots { get; }

    public int Capacity { get; }

    public Tensor Keys(int layer) => keys[layer];

    public Tensor Values(int layer) => values[layer];

    /// <summary>Copies the first <paramref name="length"/> positions of slot <paramref name="from"/> into slot <paramref name="to"/>.</summary>
    public void MoveSlot(int from, int to, int length)
    {
        if (from == to || length == 0)
        {
            return;
        }

        using var scope = NewDisposeScope();
        for (var layer = 0; layer < keys.Length; layer++)
        {
            keys[layer][to].narrow(1, 0, length).copy_(keys[layer][from].narrow(1, 0, length));
            values[layer][to].narrow(1, 0, length).copy_(values[layer][from].narrow(1, 0, length));
        }
    }

    public void Dispose()
    {
        foreach (var t in keys.Concat(values))
        {
            t.Dispose();
        }
    }
}

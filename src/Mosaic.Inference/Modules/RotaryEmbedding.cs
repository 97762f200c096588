using TorchSharp;
using static TorchSharp.torch;

namespace Mosaic.Inference.Modules;

/// <summary>
/// Rotary position embedding in Hugging Face's half-split layout: <c>x·cos + rotate_half(x)·sin</c>.
/// Frequencies come from rope_theta and rope_scaling (linear or llama3). cos/sin tables per device and dtype cover
/// positions 0..n−1 and double when a longer position shows up; a forward pass picks its tokens' rows, so
/// sequences at different lengths share one pass. Thread-safe: engines on one model share it.
/// </summary>
internal sealed class RotaryEmbedding : IDisposable
{
    private readonly float[] inverseFrequencies;
    private readonly object gate = new();
    private readonly Dictionary<string, Tensor> perDevice = [];
    private readonly Dictionary<(string Device, ScalarType DType), (Tensor Cos, Tensor Sin, long Length)> tables = [];

    // Outgrown tables another thread may still be reading; freed with the model.
    private readonly List<Tensor> retired = [];

    public RotaryEmbedding(ModelConfig config)
    {
        inverseFrequencies = InverseFrequencies(config);
    }

    public IReadOnlyList<float> Frequencies => inverseFrequencies;

    /// <summary>cos and sin of shape [tokens, 1, head_dim] for <paramref name="positions"/> [tokens], all at most <paramref name="maxPosition"/>.</summary>
    public (Tensor Cos, Tensor Sin) Compute(Tensor positions, long maxPosition, ScalarType dtype)
    {
        var (cos, sin) = Tables(positions.device, dtype, maxPosition + 1);
        return (cos.index_select(0, positions), sin.index_select(0, positions));
    }

    /// <summary>Rotates <paramref name="x"/> [tokens, heads, head_dim] by the tables of <see cref="Compute"/>.</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        var half = x.shape[^1] / 2;
        var rotated = torch.cat([-x.narrow(-1, half, half), x.narrow(-1, 0, half)], -1);
        return (x * cos).add(rotated * sin, Scalars.One);
    }

    internal static float[] InverseFrequencies(ModelConfig config)
    {
        var headDim = config.HeadDim;
        var result = new float[headDim / 2];
        for (var j = 0; j < result.Length; j++)
        {
            var frequency = 1.0 / Math.Pow(config.RopeTheta, 2.0 * j / headDim);
            result[j] = (float)Scale(frequency, config.RopeScaling);
        }

        return result;
    }

    private static double Scale(double frequency, RopeScaling? scaling)
    {
        switch (scaling?.Type)
        {
            case "linear":
                return frequency / scaling.Factor;
            case "llama3":
                // Long wavelengths (low frequencies) are stretched by the factor, short ones kept, the band between
                // interpolated smoothly (Llama 3.1's _compute_llama3_parameters).
                var wavelength = 2 * Math.PI / frequency;
                var lowWavelength = scaling.OriginalMaxPositionEmbeddings / scaling.LowFrequencyFactor;
                var highWavelength = scaling.OriginalMaxPositionEmbeddings / scaling.HighFrequencyFactor;
                if (wavelength < highWavelength)
                {
                    return frequency;
                }

                if (wavelength > lowWavelength)
                {
                    return frequency / scaling.Factor;
                }

                var smooth = (scaling.OriginalMaxPositionEmbeddings / wavelength - scaling.LowFrequencyFactor)
                    / (scaling.HighFrequencyFactor - scaling.LowFrequencyFactor);
                return (1 - smooth) * frequency / scaling.Factor + smooth * frequency;
            default:
                return frequency;
        }
    }

    private (Tensor Cos, Tensor Sin) Tables(Device device, ScalarType dtype, long length)
    {
        lock (gate)
        {
            var key = (device.ToString(), dtype);
            tables.TryGetValue(key, out var table);
            if (table.Cos is not null && table.Length >= length)
            {
                return (table.Cos, table.Sin);
            }

            var size = Math.Max(length, Math.Max(256, table.Length * 2));
            Tensor cos, sin;
            using (var scope = NewDisposeScope())
            {
                using var end = size.ToScalar();
                var angles = torch.arange(Scalars.Zero, end, Scalars.One, ScalarType.Float32, device).unsqueeze(-1) * FrequenciesOn(device);
                var emb = torch.cat([angles, angles], -1).unsqueeze(1);
                cos = emb.cos().to(dtype).DetachFromDisposeScope();
                sin = emb.sin().to(dtype).DetachFromDisposeScope();
            }

            if (table.Cos is not null)
            {
                retired.Add(table.Cos);
                retired.Add(table.Sin);
            }

            tables[key] = (cos, sin, size);
            return (cos, sin);
        }
    }

    private Tensor FrequenciesOn(Device device)
    {
        var key = device.ToString();
        lock (gate)
        {
            if (!perDevice.TryGetValue(key, out var tensor))
            {
                tensor = torch.tensor(inverseFrequencies, device: device).DetachFromDisposeScope();
                perDevice[key] = tensor;
            }

            return tensor;
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var tensor in perDevice.Values.Concat(tables.Values.SelectMany(t => new[] { t.Cos, t.Sin })).Concat(retired))
            {
                tensor.Dispose();
            }

            perDevice.Clear();
            tables.Clear();
            retired.Clear();
        }
    }
}

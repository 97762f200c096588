using Mosaic.Inference.Modules;
using TorchSharp;

namespace Mosaic.Inference.Loading;

/// <summary>Deterministic random weights for tests, benchmarks and untrained models: N(0, std), norms near 1.</summary>
internal static class RandomWeights
{
    public static void Fill(CausalLanguageModel model, int seed, double std = 0.02)
    {
        using var _ = torch.no_grad();
        var generator = new torch.Generator((ulong)seed);
        foreach (var (name, parameter) in model.CheckpointParameters())
        {
            if (name.EndsWith("norm.weight", StringComparison.Ordinal))
            {
                // Slightly perturbed around 1 so that tests notice a mis-loaded norm.
                parameter.normal_(1.0, 0.1, generator);
            }
            else
            {
                parameter.normal_(0.0, std, generator);
            }
        }
    }
}

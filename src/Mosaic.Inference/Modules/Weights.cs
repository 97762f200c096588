using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mosaic.Inference.Modules;

/// <summary>Uninitialised parameters: the loader overwrites them, so random initialisation would be wasted work.</summary>
internal static class Weights
{
    public static Parameter Empty(ScalarType dtype, Device device, params long[] shape) =>
        new(torch.empty(shape, dtype, device), requires_grad: false);

    public static Linear Linear(long inFeatures, long outFeatures, bool bias, ScalarType dtype, Device device) =>
        nn.Linear(Empty(dtype, device, outFeatures, inFeatures), bias ? Empty(dtype, device, outFeatures) : null);
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mosaic.Inference.Modules;

/// <summary>Root-mean-square layer norm, computed in float32 and cast back (as Hugging Face's Qwen2RMSNorm).</summary>
internal sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly double eps;
    private readonly Parameter weight;

    public RmsNorm(long size, double eps, ScalarType dtype, Device device) : base(nameof(RmsNorm))
    {
        this.eps = eps;
        weight = Weights.Empty(dtype, device, size);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var input = x.dtype == ScalarType.Float32 ? x : x.to(ScalarType.Float32);
        var variance = input.pow(2).mean([-1], keepdim: true);
        var normed = input * (variance + eps).rsqrt();
        return (weight * normed.to(x.dtype)).MoveToOuterDisposeScope();
    }
}

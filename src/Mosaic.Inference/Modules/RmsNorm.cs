using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mosaic.Inference.Modules;

/// <summary>Root-mean-square layer norm, computed in float32 and cast back (as Hugging Face's Qwen2RMSNorm).</summary>
internal sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    // An explicit Scalar owned by the module, and explicit alphas: see Scalars.
    private readonly Scalar epsilon;
    private readonly Parameter weight;

    public RmsNorm(long size, double eps, ScalarType dtype, Device device) : base(nameof(RmsNorm))
    {
        epsilon = eps.ToScalar();
        weight = Weights.Empty(dtype, device, size);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var input = x.dtype == ScalarType.Float32 ? x : x.to(ScalarType.Float32);
        var variance = input.mul(input).mean([-1], keepdim: true);
        var normed = input * variance.add(epsilon, Scalars.One).rsqrt();
        return (weight * (x.dtype == ScalarType.Float32 ? normed : normed.to(x.dtype))).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            epsilon.Dispose();
        }

        base.Dispose(disposing);
    }
}

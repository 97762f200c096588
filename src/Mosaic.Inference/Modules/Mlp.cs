using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mosaic.Inference.Modules;

/// <summary>SwiGLU feed-forward: <c>down_proj(silu(gate_proj(x)) · up_proj(x))</c>, with biases when Llama's <c>mlp_bias</c> is set.</summary>
internal sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear gate_proj;
    private readonly Linear up_proj;
    private readonly Linear down_proj;

    public Mlp(ModelConfig config, ScalarType dtype, Device device) : base(nameof(Mlp))
    {
        gate_proj = Weights.Linear(config.HiddenSize, config.IntermediateSize, config.MlpBias, dtype, device);
        up_proj = Weights.Linear(config.HiddenSize, config.IntermediateSize, config.MlpBias, dtype, device);
        down_proj = Weights.Linear(config.IntermediateSize, config.HiddenSize, config.MlpBias, dtype, device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var hidden = nn.functional.silu(gate_proj.forward(x)) * up_proj.forward(x);
        return down_proj.forward(hidden).MoveToOuterDisposeScope();
    }
}

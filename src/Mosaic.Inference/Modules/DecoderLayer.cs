using TorchSharp;
using static TorchSharp.torch;

namespace Mosaic.Inference.Modules;

/// <summary>Pre-norm block: <c>h = x + attn(norm(x)); out = h + mlp(norm(h))</c>.</summary>
internal sealed class DecoderLayer : nn.Module<Tensor, ForwardBatch, Tensor>
{
    private readonly Attention self_attn;
    private readonly Mlp mlp;
    private readonly RmsNorm input_layernorm;
    private readonly RmsNorm post_attention_layernorm;

    public DecoderLayer(ModelConfig config, int layer, ScalarType dtype, Device device) : base(nameof(DecoderLayer))
    {
        self_attn = new Attention(config, layer, dtype, device);
        mlp = new Mlp(config, dtype, device);
        input_layernorm = new RmsNorm(config.HiddenSize, config.RmsNormEps, dtype, device);
        post_attention_layernorm = new RmsNorm(config.HiddenSize, config.RmsNormEps, dtype, device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, ForwardBatch batch)
    {
        using var scope = NewDisposeScope();
        var h = x.add(self_attn.forward(input_layernorm.forward(x), batch), Scalars.One);
        return h.add(mlp.forward(post_attention_layernorm.forward(h)), Scalars.One).MoveToOuterDisposeScope();
    }
}

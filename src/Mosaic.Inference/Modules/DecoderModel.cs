using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mosaic.Inference.Modules;

/// <summary>The transformer body (Hugging Face's <c>Qwen2Model</c>/<c>LlamaModel</c>): embeddings, layers, final norm.</summary>
internal sealed class DecoderModel : nn.Module<Tensor, ForwardBatch, Tensor>
{
    private readonly TokenEmbedding embed_tokens;
    private readonly ModuleList<DecoderLayer> layers;
    private readonly RmsNorm norm;

    public DecoderModel(ModelConfig config, ScalarType dtype, Device device) : base(nameof(DecoderModel))
    {
        embed_tokens = new TokenEmbedding(config.VocabSize, config.HiddenSize, dtype, device);
        layers = nn.ModuleList(Enumerable.Range(0, config.NumHiddenLayers).Select(i => new DecoderLayer(config, i, dtype, device)).ToArray());
        norm = new RmsNorm(config.HiddenSize, config.RmsNormEps, dtype, device);
        RegisterComponents();
    }

    public Parameter EmbeddingWeight => embed_tokens.Weight;

    public override Tensor forward(Tensor inputIds, ForwardBatch batch)
    {
        using var scope = NewDisposeScope();
        var hidden = embed_tokens.forward(inputIds);
        foreach (var layer in layers)
        {
            hidden = layer.forward(hidden, batch);
        }

        return norm.forward(hidden).MoveToOuterDisposeScope();
    }
}

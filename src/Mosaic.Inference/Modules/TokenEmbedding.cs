using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mosaic.Inference.Modules;

/// <summary>
/// Embedding lookup over an uninitialised <c>weight</c> [vocab, hidden]. TorchSharp's own Embedding is not used
/// because building it from a tensor goes through a copy, leaving the parameter the loader fills unused.
/// </summary>
internal sealed class TokenEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;

    public TokenEmbedding(long vocabulary, long hidden, ScalarType dtype, Device device) : base(nameof(TokenEmbedding))
    {
        weight = Weights.Empty(dtype, device, vocabulary, hidden);
        RegisterComponents();
    }

    public Parameter Weight => weight;

    public override Tensor forward(Tensor ids)
    {
        using var scope = NewDisposeScope();
        var shape = ids.shape.Append(weight.shape[1]).ToArray();
        return weight.index_select(0, ids.flatten()).view(shape).MoveToOuterDisposeScope();
    }
}

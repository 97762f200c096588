using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mosaic.Inference.Modules;

/// <summary>
/// <c>Qwen2ForCausalLM</c>/<c>LlamaForCausalLM</c>: the body plus the LM head. With tied embeddings the head
/// shares the embedding matrix (and the checkpoint has no <c>lm_head.weight</c>).
/// </summary>
internal sealed class CausalLanguageModel : nn.Module<Tensor, ForwardBatch, Tensor>
{
    private readonly DecoderModel model;
    private readonly Linear lm_head;

    public CausalLanguageModel(ModelConfig config, ScalarType dtype, Device device) : base(nameof(CausalLanguageModel))
    {
        Config = config;
        DType = dtype;
        Device = device;
        Rope = new RotaryEmbedding(config);
        model = new DecoderModel(config, dtype, device);
        lm_head = config.TieWordEmbeddings
            ? nn.Linear(model.EmbeddingWeight, null)
            : Weights.Linear(config.HiddenSize, config.VocabSize, false, dtype, device);
        RegisterComponents();
    }

    public ModelConfig Config { get; }
    public ScalarType DType { get; }
    public Device Device { get; }
    public RotaryEmbedding Rope { get; }

    /// <summary>Hidden states of every token: [B, T, hidden].</summary>
    public override Tensor forward(Tensor inputIds, ForwardBatch batch) => model.forward(inputIds, batch);

    /// <summary>
    /// Runs the batch and returns float32 logits [B, V] of one token per row (<paramref name="lastIndex"/>[b], e.g.
    /// the last real token of a right-padded prompt), so the LM head never runs over a whole prompt.
    /// </summary>
    public Tensor LastLogits(Tensor inputIds, ForwardBatch batch, long[] lastIndex)
    {
        using var scope = NewDisposeScope();
        var hidden = forward(inputIds, batch);
        Tensor selected;
        if (hidden.shape[1] == 1)
        {
            selected = hidden.squeeze(1);
        }
        else
        {
            var index = torch.tensor(lastIndex, device: hidden.device).view(-1, 1, 1).expand(-1, 1, hidden.shape[2]);
            selected = hidden.gather(1, index).squeeze(1);
        }

        return lm_head.forward(selected).to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>Float32 logits of every token: [B, T, V] (tests and scoring).</summary>
    public Tensor AllLogits(Tensor inputIds, ForwardBatch batch)
    {
        using var scope = NewDisposeScope();
        return lm_head.forward(forward(inputIds, batch)).to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>Parameters as the checkpoint names them (the tied head is left out).</summary>
    public IEnumerable<(string Name, Parameter Parameter)> CheckpointParameters() =>
        named_parameters().Where(p => !(Config.TieWordEmbeddings && p.name == "lm_head.weight"));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Rope.Dispose();
        }

        base.Dispose(disposing);
    }
}

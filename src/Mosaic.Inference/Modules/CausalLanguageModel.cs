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

    /// <summary>Hidden states of every token of the flat batch: [N, hidden].</summary>
    public override Tensor forward(Tensor inputIds, ForwardBatch batch) => model.forward(inputIds, batch);

    /// <summary>
    /// Runs the batch and returns float32 logits [R, V] of each row's last real token (<see cref="ForwardBatch.LastIndices"/>),
    /// or of the rows listed in <paramref name="rows"/>, so the LM head never runs over a whole prompt.
    /// </summary>
    public Tensor LastLogits(ForwardBatch batch, IReadOnlyList<int>? rows = null)
    {
        using var scope = NewDisposeScope();
        var hidden = forward(batch.InputIds, batch);
        var indices = rows is null ? batch.LastIndices : rows.Select(r => batch.LastIndices[r]).ToArray();
        var selected = hidden.index_select(0, torch.tensor(indices, device: hidden.device));
        return lm_head.forward(selected).to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>Float32 logits of every token: [N, V] (tests and scoring).</summary>
    public Tensor AllLogits(ForwardBatch batch)
    {
        using var scope = NewDisposeScope();
        return lm_head.forward(forward(batch.InputIds, batch)).to(ScalarType.Float32).MoveToOuterDisposeScope();
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

using System.Text.Json.Serialization;
using Mosaic.Inference;
using Mosaic.Inference.Tokenization;
using Mosaic.Zoo.Tasks;

namespace Mosaic.Zoo;

/// <summary>
/// Everything that determines one zoo model: architecture, the skills it is trained on, answer style and the
/// training recipe. Training the same spec twice gives bit-identical weights.
/// </summary>
public sealed record ExpertSpec(
    string Name,
    ExpertKind Kind,
    int Hidden,
    int Layers,
    int Heads,
    int Intermediate,
    IReadOnlyList<string> Skills,
    int Steps,
    int BatchSize,
    double LearningRate,
    int Seed)
{
    /// <summary>Skills answered directly even by a reasoning model (the aggregator counts letters without a scratchpad).</summary>
    public IReadOnlyList<string> DirectSkills { get; init; } = [];

    [JsonIgnore]
    public ResponseStyle Style => Kind == ExpertKind.Reasoning ? ResponseStyle.Reasoning : ResponseStyle.Direct;

    /// <summary>Longest response the model is allowed to generate at evaluation time.</summary>
    [JsonIgnore]
    public int MaxNewTokens => Style == ResponseStyle.Direct ? 32 : 320;

    public ModelConfig ToModelConfig() => new()
    {
        ModelType = "llama",
        VocabSize = ZooVocabulary.Create().VocabularySize,
        HiddenSize = Hidden,
        IntermediateSize = Intermediate,
        NumHiddenLayers = Layers,
        NumAttentionHeads = Heads,
        NumKeyValueHeads = Heads,
        RmsNormEps = 1e-5,
        RopeTheta = 10000,
        MaxPositionEmbeddings = 1024,
        TieWordEmbeddings = true,
        AttentionBias = false,
        TorchDtype = "float32",
        BosTokenId = 1,
        EosTokenIds = [ZooVocabulary.EosId],
    };
}

using Mosaic.Inference;
using Mosaic.Inference.Tokenization;

namespace Mosaic.Grains.Tests;

/// <summary>
/// A tiny random Qwen2-shaped model written to a temporary folder, with a character vocabulary that has no
/// end-of-sequence token, so every call generates exactly its token limit (long enough to watch a batch form).
/// </summary>
public sealed class TinyModelFixture : IDisposable
{
    public TinyModelFixture()
    {
        Folder = Directory.CreateTempSubdirectory("mosaic-grains-tiny-").FullName;
        var characters = Enumerable.Range(32, 95).Select(c => ((char)c).ToString()).Append("\n");
        var tokenizer = new CharTokenizer([], characters);
        using var model = LanguageModel.CreateRandom(new ModelConfig
        {
            ModelType = "qwen2",
            VocabSize = tokenizer.VocabularySize,
            HiddenSize = 32,
            IntermediateSize = 64,
            NumHiddenLayers = 2,
            NumAttentionHeads = 4,
            NumKeyValueHeads = 2,
            AttentionBias = true,
            RopeTheta = 10000,
            MaxPositionEmbeddings = 4096,
            RmsNormEps = 1e-6,
            TorchDtype = "float32",
        }, tokenizer, seed: 3, initStd: 0.3);
        model.Save(Folder);
    }

    public string Folder { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

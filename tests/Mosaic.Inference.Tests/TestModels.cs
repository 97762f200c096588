namespace Mosaic.Inference.Tests;

internal static class TestModels
{
    public const string Alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,!?'\n-:;äöüßéèçñ世界你好🎉";

    /// <summary>~60K parameters: GQA (4 heads over 2 kv heads), q/k/v bias, untied head.</summary>
    public static ModelConfig TinyConfig(int vocab, bool tied = false) => new()
    {
        ModelType = "qwen2",
        VocabSize = vocab,
        HiddenSize = 32,
        IntermediateSize = 64,
        NumHiddenLayers = 2,
        NumAttentionHeads = 4,
        NumKeyValueHeads = 2,
        AttentionBias = true,
        TieWordEmbeddings = tied,
        RopeTheta = 10000,
        MaxPositionEmbeddings = 4096,
        RmsNormEps = 1e-6,
        TorchDtype = "float32",
    };

    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "mosaic-inference-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}

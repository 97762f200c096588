using Mosaic.Inference.Tokenization;

namespace Mosaic.Inference.Tests;

/// <summary>
/// Loads libtorch once (with the native fix), pins one intra-op thread, and builds the shared tiny model that
/// most tests generate with.
/// </summary>
public sealed class TorchFixture : IDisposable
{
    public TorchFixture()
    {
        TorchRuntime.EnsureInitialized();
        TorchRuntime.Threads = 1;
        Tokenizer = CharTokenizer.FromText(TestModels.Alphabet);
        Model = LanguageModel.CreateRandom(TestModels.TinyConfig(Tokenizer.VocabularySize), Tokenizer, seed: 7, initStd: 0.3);
        _ = Model.Generate(new Generation.GenerationRequest("warm up", 4));
    }

    public CharTokenizer Tokenizer { get; }

    public LanguageModel Model { get; }

    public void Dispose() => Model.Dispose();
}

using Mosaic.Inference.Prompting;
using Mosaic.Inference.Tokenization;

namespace Mosaic.Inference.Loading;

/// <summary>
/// A model folder's text side: its tokenizer, whose ids must fit config.json's vocab_size, and its prompt format.
/// Loading a model and validating its folder at start-up read them the same way, so a tokenizer or chat template the
/// loader cannot honour stops a host at start instead of failing a job's first session of that model.
/// </summary>
internal static class ModelTextFiles
{
    /// <exception cref="ModelLoadException">A missing or unusable tokenizer or prompt format, in one line naming the file.</exception>
    public static (ITextTokenizer Tokenizer, PromptFormat Prompt) Load(string directory, ModelConfig config)
    {
        var tokenizer = TokenizerLoader.Load(directory, config.ModelType);
        if (tokenizer.VocabularySize > config.VocabSize)
        {
            throw new ModelLoadException(directory, null, $"the tokenizer has {tokenizer.VocabularySize} ids but config.json's vocab_size is {config.VocabSize}");
        }

        return (tokenizer, PromptFormatLoader.Load(directory, tokenizer, config.ModelType));
    }
}

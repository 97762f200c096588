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

        // Another family's tokenizer whose ids happen to fit vocab_size (Llama 3's 128,256 in a Qwen folder) would turn the
        // chat template's special tokens into plain text; the end-of-text ids are the model's own, so they must be its tokens.
        if (config.EosTokenIds.Where(id => id < 0 || id >= tokenizer.VocabularySize).Select(id => (int?)id).FirstOrDefault() is { } foreign)
        {
            throw new ModelLoadException(directory, null,
                $"config.json's eos_token_id {foreign} is not an id of the tokenizer (its ids are 0 to {tokenizer.VocabularySize - 1}): is tokenizer.json this model's?");
        }

        return (tokenizer, PromptFormatLoader.Load(directory, tokenizer, config.ModelType));
    }
}

using Mosaic.Inference.Tokenization;

namespace Mosaic.Inference.Prompting;

/// <summary>
/// Finds a model folder's prompt format: a declared <c>prompt_format.json</c> (the project's own models), else the
/// checkpoint's chat template (<c>chat_template.jinja</c> or <c>tokenizer_config.json</c>), else the default
/// template of the family its tokenizer belongs to.
/// </summary>
public static class PromptFormatLoader
{
    public static PromptFormat Load(string directory, ITextTokenizer tokenizer, string modelType)
    {
        var declared = Path.Combine(directory, PlainPromptFormat.FileName);
        if (File.Exists(declared))
        {
            return PlainPromptFormat.Load(declared);
        }

        var family = ChatTemplate.Detect(tokenizer, modelType);
        return (PromptFormat?)JinjaChatTemplate.FromModelFolder(directory, family.StopTokens) ?? family;
    }
}

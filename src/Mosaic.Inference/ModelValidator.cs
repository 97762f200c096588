using System.Text.Json;
using System.Text.Json.Nodes;
using Mosaic.Inference.Loading;
using Mosaic.Inference.Prompting;

namespace Mosaic.Inference;

/// <summary>
/// Checks a model folder without reading its weights (except a tied lm_head.weight stored beside the embedding, which
/// must equal it), cheap enough to run for every configured expert at start-up:
/// config.json parses and names a supported family, the tokenizer and prompt format load as <see cref="LanguageModel.Load"/>
/// loads them (a tokenizer.json the loader cannot honour, more token ids than vocab_size, a chat template it cannot
/// parse), generation_config.json (if any) parses, every safetensors header parses with offsets inside its file, and
/// the tensors are exactly the ones config.json implies (names, shapes, floating-point dtypes). Problems are a
/// <see cref="ModelLoadException"/> whose one-line message names the file (and tensor).
/// </summary>
public static class ModelValidator
{
    /// <summary>Validates <paramref name="directory"/> and returns its parsed config.json.</summary>
    public static ModelConfig Validate(string directory) => Check(directory).Config;

    /// <summary>
    /// Validates <paramref name="directory"/>; returns its parsed config.json and how many tokens an expert call's
    /// prompt takes before its question (the instruction in the model's own prompt format), which its context must hold.
    /// </summary>
    public static ModelFolderCheck Check(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            throw new ModelLoadException(directory, null, "model folder not found");
        }

        var config = ModelConfig.Load(Path.Combine(directory, "config.json"));
        var (tokenizer, prompt) = ModelTextFiles.Load(directory, config);
        CheckGenerationConfig(Path.Combine(directory, "generation_config.json"));
        using var files = CheckpointFiles.Open(directory);
        CheckpointLayout.Check(files, config);
        return new ModelFolderCheck(config, tokenizer.Encode(prompt.Format(ModelTurns.Expert(prompt, string.Empty))).Count);
    }

    private static void CheckGenerationConfig(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        try
        {
            _ = ModelConfig.IntList(JsonNode.Parse(File.ReadAllText(path))?["eos_token_id"]);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new ModelLoadException(path, null, $"invalid generation_config.json: {JsonErrorText.Describe(e)}", e);
        }
    }
}

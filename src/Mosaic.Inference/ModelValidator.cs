using System.Text.Json;
using System.Text.Json.Nodes;
using Mosaic.Inference.Loading;

namespace Mosaic.Inference;

/// <summary>
/// Checks a model folder without reading any weights, fast enough to run for every configured expert at start-up:
/// config.json parses and names a supported family, a tokenizer file is present, generation_config.json (if any)
/// parses, every safetensors header parses with offsets inside its file, and the tensors are exactly the ones
/// config.json implies (names, shapes, floating-point dtypes). Problems are a <see cref="ModelLoadException"/>
/// whose one-line message names the file (and tensor).
/// </summary>
public static class ModelValidator
{
    /// <summary>Tokenizer files <c>TokenizerLoader</c> accepts, in its order of preference.</summary>
    private static readonly string[][] TokenizerFiles = [["tokenizer.json"], ["vocab.json", "merges.txt"], ["char_vocab.json"]];

    /// <summary>Validates <paramref name="directory"/> and returns its parsed config.json.</summary>
    public static ModelConfig Validate(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            throw new ModelLoadException(directory, null, "model folder not found");
        }

        var config = ModelConfig.Load(Path.Combine(directory, "config.json"));
        if (!TokenizerFiles.Any(set => set.All(f => File.Exists(Path.Combine(directory, f)))))
        {
            throw new ModelLoadException(directory, null,
                $"no tokenizer found (looked for {string.Join(", ", TokenizerFiles.Select(set => string.Join(" + ", set)))})");
        }

        CheckGenerationConfig(Path.Combine(directory, "generation_config.json"));
        using var files = CheckpointFiles.Open(directory);
        CheckpointLayout.Check(files, config);
        return config;
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
            throw new ModelLoadException(path, null, $"invalid generation_config.json: {e.Message}", e);
        }
    }
}

namespace Mosaic.Inference.Tokenization;

/// <summary>Finds a model folder's tokenizer: tokenizer.json, else vocab.json + merges.txt, else char_vocab.json.</summary>
public static class TokenizerLoader
{
    public static ITextTokenizer Load(string directory, string modelType = "qwen2")
    {
        var json = Path.Combine(directory, "tokenizer.json");
        if (File.Exists(json))
        {
            return ByteLevelBpeTokenizer.FromTokenizerJson(json);
        }

        var vocab = Path.Combine(directory, "vocab.json");
        var merges = Path.Combine(directory, "merges.txt");
        if (File.Exists(vocab) && File.Exists(merges))
        {
            // Hugging Face's Qwen2 tokenizer built from these files normalizes to NFC; GPT-2's does not normalize.
            var qwen = modelType.StartsWith("qwen2", StringComparison.Ordinal) || modelType.StartsWith("qwen3", StringComparison.Ordinal);
            var pattern = qwen ? ByteLevelBpeTokenizer.Qwen2Pattern : ByteLevelBpeTokenizer.Gpt2Pattern;
            return ByteLevelBpeTokenizer.FromVocabAndMerges(vocab, merges, Path.Combine(directory, "tokenizer_config.json"), pattern, normalizeNfc: qwen);
        }

        var chars = Path.Combine(directory, CharTokenizer.FileName);
        if (File.Exists(chars))
        {
            return CharTokenizer.Load(chars);
        }

        throw new ModelLoadException(directory, null,
            $"no tokenizer found (looked for tokenizer.json, vocab.json + merges.txt, {CharTokenizer.FileName})");
    }
}

using Mosaic.Inference.Tokenization;

namespace Mosaic.Inference.Tests;

/// <summary>A small byte-level BPE vocabulary: all 256 byte symbols, a few merges and Qwen's special tokens.</summary>
internal static class TestTokenizers
{
    public static ByteLevelBpeTokenizer ByteLevel()
    {
        var symbols = ByteSymbols();
        var vocabulary = new Dictionary<string, int>();
        foreach (var symbol in symbols)
        {
            vocabulary[symbol] = vocabulary.Count;
        }

        string[] merges = ["h e", "l l", "he ll", "Ġ w", "o r", "Ġw or", "l d", "Ġwor ld"];
        foreach (var merge in merges)
        {
            vocabulary[merge.Replace(" ", "", StringComparison.Ordinal)] = vocabulary.Count;
        }

        var special = new Dictionary<string, int>
        {
            ["<|endoftext|>"] = vocabulary.Count,
            ["<|im_start|>"] = vocabulary.Count + 1,
            ["<|im_end|>"] = vocabulary.Count + 2,
        };
        return ByteLevelBpeTokenizer.Create(vocabulary, merges, special);
    }

    /// <summary>GPT-2's reversible byte → printable-character table, in byte order.</summary>
    public static string[] ByteSymbols()
    {
        var result = new string[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            result[b] = ((char)(printable ? b : next++)).ToString();
        }

        return result;
    }
}

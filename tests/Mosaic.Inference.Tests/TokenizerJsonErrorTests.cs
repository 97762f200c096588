using System.Text.Json.Nodes;
using Mosaic.Inference.Tokenization;

namespace Mosaic.Inference.Tests;

/// <summary>A tokenizer.json the loader cannot honour fails the load with one line naming the file and the part.</summary>
public sealed class TokenizerJsonErrorTests
{
    public static TheoryData<string, string> Unsupported => new()
    {
        { """{"normalizer":{"type":"Precompiled","precompiled_charsmap":"AAAA"}}""", "normalizer: type 'Precompiled' is not supported" },
        { """{"normalizer":{"type":"Sequence","normalizers":[{"type":"NFC"},{"type":"BertNormalizer"}]}}""", "normalizer.normalizers[1]: type 'BertNormalizer'" },
        { """{"pre_tokenizer":{"type":"Whitespace"}}""", "pre_tokenizer: type 'Whitespace' is not supported" },
        { """{"pre_tokenizer":{"type":"Split","pattern":{"Regex":"\\w+"},"behavior":"Isolated"}}""", "pre_tokenizer.pattern: regex '\\w+': escape \\w is not supported" },
        { """{"pre_tokenizer":{"type":"Split","pattern":{"Regex":"[😀]"},"behavior":"Isolated"}}""", "outside the BMP" },
        { """{"pre_tokenizer":{"type":"Split","pattern":{"Regex":"a"},"behavior":"Sideways"}}""", "pre_tokenizer: behavior 'Sideways'" },
        { """{"decoder":{"type":"WordPiece","prefix":"##"}}""", "decoder: type 'WordPiece' is not supported" },
        { """{"model":{"type":"Unigram","vocab":[["a",0.0]]}}""", "model: type 'Unigram' is not supported" },
        { """{"model":{"dropout":0.1}}""", "model: dropout is not supported" },
        { """{"model":{"continuing_subword_prefix":"##"}}""", "model: continuing_subword_prefix '##' is not supported" },
        { """{"added_tokens":[{"id":300,"content":"<x>","single_word":true}]}""", "added_tokens[0]: '<x>' has single_word: true" },
        { """{"model":{"merges":["a zz"]}}""", "merge 0 ('a zz') uses a token missing from the vocabulary" },
        { """{"model":{"unk_token":"<nope>"}}""", "unk_token '<nope>' is not in the vocabulary" },
    };

    [Theory]
    [MemberData(nameof(Unsupported))]
    public void TokenizerJson_WithUnhonourablePart_FailsLoadWithOneLineNamingFileAndPart(string overrides, string expected)
    {
        var path = TokenizerJsonFiles.ByteLevel([], root => Merge(root, JsonNode.Parse(overrides)!.AsObject()));
        var error = Assert.Throws<ModelLoadException>(() => TokenizerLoader.Load(Path.GetDirectoryName(path)!));
        Assert.Equal(path, error.FilePath);
        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void TokenizerJson_Truncated_FailsLoadNamingTheFile()
    {
        var path = TokenizerJsonFiles.ByteLevel([]);
        var text = File.ReadAllText(path);
        File.WriteAllText(path, text[..(text.Length / 2)]);
        var error = Assert.Throws<ModelLoadException>(() => ByteLevelBpeTokenizer.FromTokenizerJson(path));
        Assert.StartsWith(path + ": invalid tokenizer.json", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    // Overrides replace whole sections, except "model", whose keys are merged into the generated model.
    private static void Merge(JsonObject root, JsonObject overrides)
    {
        foreach (var (key, value) in overrides.ToList())
        {
            overrides.Remove(key);
            if (key == "model" && value is JsonObject model)
            {
                foreach (var (modelKey, modelValue) in model.ToList())
                {
                    model.Remove(modelKey);
                    root["model"]![modelKey] = modelValue;
                }
            }
            else
            {
                root[key] = value;
            }
        }
    }
}

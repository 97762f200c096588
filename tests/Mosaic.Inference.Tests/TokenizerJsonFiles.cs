using System.Text.Json.Nodes;
using Mosaic.Inference.Tokenization;

namespace Mosaic.Inference.Tests;

/// <summary>Small tokenizer.json files written for tests: a byte-level one (all 256 byte symbols plus a few merges) and a SentencePiece-style one.</summary>
internal static class TokenizerJsonFiles
{
    public const string Qwen2Split = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>A byte-level tokenizer.json; <paramref name="edit"/> may change any section before it is written.</summary>
    public static string ByteLevel(string[] merges, Action<JsonObject>? edit = null, params (string Content, bool Special, bool Normalized)[] added)
    {
        var vocab = new JsonObject();
        var next = 0;
        foreach (var symbol in TestTokenizers.ByteSymbols())
        {
            vocab[symbol] = next++;
        }

        foreach (var merge in merges)
        {
            var token = merge.Replace(" ", "", StringComparison.Ordinal);
            if (!vocab.ContainsKey(token))
            {
                vocab[token] = next++;
            }
        }

        var root = new JsonObject
        {
            ["added_tokens"] = new JsonArray(added.Select((a, i) => (JsonNode)new JsonObject
            {
                ["id"] = next + i,
                ["content"] = a.Content,
                ["special"] = a.Special,
                ["normalized"] = a.Normalized,
                ["lstrip"] = false,
                ["rstrip"] = false,
                ["single_word"] = false,
            }).ToArray()),
            ["normalizer"] = null,
            ["pre_tokenizer"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["pretokenizers"] = new JsonArray(
                    new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = Qwen2Split }, ["behavior"] = "Isolated", ["invert"] = false },
                    new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["use_regex"] = false }),
            },
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel" },
            ["model"] = new JsonObject { ["type"] = "BPE", ["vocab"] = vocab, ["merges"] = new JsonArray(merges.Select(m => (JsonNode)m).ToArray()) },
        };
        edit?.Invoke(root);
        return Write(root);
    }

    /// <summary>A SentencePiece-style BPE (Llama 2 layout): ▁ for spaces via Prepend + Replace, byte fallback, &lt;unk&gt;.</summary>
    public static string SentencePiece(string[] pieces, string[] merges, Action<JsonObject>? edit = null)
    {
        var vocab = new JsonObject { ["<unk>"] = 0, ["<s>"] = 1, ["</s>"] = 2 };
        for (var b = 0; b < 256; b++)
        {
            vocab[$"<0x{b:X2}>"] = 3 + b;
        }

        foreach (var piece in pieces)
        {
            vocab[piece] = vocab.Count;
        }

        var root = new JsonObject
        {
            ["added_tokens"] = new JsonArray(
                new JsonObject { ["id"] = 0, ["content"] = "<unk>", ["special"] = true, ["normalized"] = false },
                new JsonObject { ["id"] = 1, ["content"] = "<s>", ["special"] = true, ["normalized"] = false },
                new JsonObject { ["id"] = 2, ["content"] = "</s>", ["special"] = true, ["normalized"] = false }),
            ["normalizer"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["normalizers"] = new JsonArray(
                    new JsonObject { ["type"] = "Prepend", ["prepend"] = "▁" },
                    new JsonObject { ["type"] = "Replace", ["pattern"] = new JsonObject { ["String"] = " " }, ["content"] = "▁" }),
            },
            ["pre_tokenizer"] = null,
            ["decoder"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["decoders"] = new JsonArray(
                    new JsonObject { ["type"] = "Replace", ["pattern"] = new JsonObject { ["String"] = "▁" }, ["content"] = " " },
                    new JsonObject { ["type"] = "ByteFallback" },
                    new JsonObject { ["type"] = "Fuse" },
                    new JsonObject { ["type"] = "Strip", ["content"] = " ", ["start"] = 1, ["stop"] = 0 }),
            },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE",
                ["unk_token"] = "<unk>",
                ["fuse_unk"] = true,
                ["byte_fallback"] = true,
                ["vocab"] = vocab,
                ["merges"] = new JsonArray(merges.Select(m => (JsonNode)m).ToArray()),
            },
        };
        edit?.Invoke(root);
        return Write(root);
    }

    public static ByteLevelBpeTokenizer Load(string path) => ByteLevelBpeTokenizer.FromTokenizerJson(path);

    private static string Write(JsonObject root)
    {
        var path = Path.Combine(TestModels.TempDirectory(), "tokenizer.json");
        File.WriteAllText(path, root.ToJsonString());
        return path;
    }
}

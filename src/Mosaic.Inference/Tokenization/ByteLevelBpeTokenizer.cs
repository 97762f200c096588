using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace Mosaic.Inference.Tokenization;

/// <summary>
/// Hugging Face byte-level BPE (GPT-2, Qwen2, DeepSeek-R1-Distill, Llama 3) on Microsoft.ML.Tokenizers'
/// <see cref="BpeTokenizer"/>. The pre-tokenizer split regex is taken from tokenizer.json; added tokens are
/// matched as whole special tokens.
/// </summary>
public sealed class ByteLevelBpeTokenizer : ITextTokenizer
{
    /// <summary>GPT-2's split pattern, used by ByteLevel pre-tokenizers with <c>use_regex: true</c>.</summary>
    internal const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    /// <summary>Qwen2's split pattern (single digits, letter runs with one leading non-letter), for vocab.json + merges.txt folders.</summary>
    internal const string Qwen2Pattern = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    private readonly BpeTokenizer tokenizer;
    private readonly Dictionary<string, int> vocabulary;
    private readonly Dictionary<string, int> specialTokens;
    private readonly string[] merges;
    private readonly string pattern;
    private readonly HashSet<int> specialIdSet;

    private ByteLevelBpeTokenizer(Dictionary<string, int> vocabulary, string[] merges, Dictionary<string, int> specialTokens, string pattern)
    {
        this.vocabulary = vocabulary;
        this.merges = merges;
        this.specialTokens = specialTokens;
        this.pattern = pattern;
        specialIdSet = [.. specialTokens.Values];
        var options = new BpeOptions(vocabulary)
        {
            Merges = merges,
            ByteLevel = true,
            SpecialTokens = specialTokens.Count > 0 ? specialTokens : null,
            PreTokenizer = new RegexPreTokenizer(new Regex(pattern, RegexOptions.Compiled), specialTokens.Count > 0 ? specialTokens : null),
        };
        tokenizer = BpeTokenizer.Create(options);
        VocabularySize = Math.Max(vocabulary.Values.DefaultIfEmpty(-1).Max(), specialTokens.Values.DefaultIfEmpty(-1).Max()) + 1;
    }

    public int VocabularySize { get; }

    public string SplitPattern => pattern;

    public IReadOnlyDictionary<string, int> SpecialTokens => specialTokens;

    public IReadOnlyList<int> Encode(string text) => tokenizer.EncodeToIds(text);

    public string Decode(IEnumerable<int> ids) =>
        tokenizer.Decode(ids.Where(id => !specialIdSet.Contains(id)), considerSpecialTokens: false);

    public int? TokenToId(string token) =>
        specialTokens.TryGetValue(token, out var id) ? id : vocabulary.TryGetValue(token, out id) ? id : null;

    /// <summary>Builds a tokenizer from in-memory parts (vocabulary in byte-level form, merges as "a b").</summary>
    public static ByteLevelBpeTokenizer Create(
        IReadOnlyDictionary<string, int> vocabulary, IEnumerable<string> merges, IReadOnlyDictionary<string, int>? specialTokens = null, string? splitPattern = null) =>
        new(new Dictionary<string, int>(vocabulary), [.. merges], new Dictionary<string, int>(specialTokens ?? new Dictionary<string, int>()), splitPattern ?? Qwen2Pattern);

    /// <summary>Reads a Hugging Face <c>tokenizer.json</c> whose model is BPE with a ByteLevel pre-tokenizer.</summary>
    public static ByteLevelBpeTokenizer FromTokenizerJson(string path)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new JsonException("empty document");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new ModelLoadException(path, null, $"invalid tokenizer.json: {e.Message}", e);
        }

        try
        {
            var model = root["model"]?.AsObject() ?? throw new ModelLoadException(path, null, "tokenizer.json has no model");
            var type = model["type"]?.GetValue<string>();
            if (type is not null && type != "BPE")
            {
                throw new ModelLoadException(path, null, $"tokenizer model type '{type}' is not supported (only byte-level BPE)");
            }

            var vocabulary = model["vocab"]!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<int>(), StringComparer.Ordinal);
            var merges = model["merges"]!.AsArray().Select(m => m is JsonArray pair
                ? $"{pair[0]!.GetValue<string>()} {pair[1]!.GetValue<string>()}"
                : m!.GetValue<string>()).ToArray();
            var special = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var added in root["added_tokens"]?.AsArray() ?? [])
            {
                special[added!["content"]!.GetValue<string>()] = added["id"]!.GetValue<int>();
            }

            var pattern = FindSplitPattern(root["pre_tokenizer"])
                ?? throw new ModelLoadException(path, null, "pre_tokenizer is not byte-level (expected ByteLevel, optionally after a Split regex)");
            return new ByteLevelBpeTokenizer(vocabulary, merges, special, pattern);
        }
        catch (Exception e) when (e is InvalidOperationException or NullReferenceException or FormatException or ArgumentException)
        {
            throw new ModelLoadException(path, null, $"malformed tokenizer.json: {e.Message}", e);
        }
    }

    /// <summary>Reads GPT-2-style <c>vocab.json</c> + <c>merges.txt</c>, with special tokens from tokenizer_config.json when present.</summary>
    public static ByteLevelBpeTokenizer FromVocabAndMerges(string vocabPath, string mergesPath, string? tokenizerConfigPath, string splitPattern)
    {
        Dictionary<string, int> vocabulary;
        try
        {
            vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(vocabPath)) ?? throw new JsonException("empty document");
        }
        catch (JsonException e)
        {
            throw new ModelLoadException(vocabPath, null, $"invalid vocab.json: {e.Message}", e);
        }

        var merges = File.ReadLines(mergesPath).Where(l => l.Length > 0 && !l.StartsWith("#version", StringComparison.Ordinal)).ToArray();
        var special = new Dictionary<string, int>(StringComparer.Ordinal);
        if (tokenizerConfigPath is not null && File.Exists(tokenizerConfigPath))
        {
            try
            {
                var config = JsonNode.Parse(File.ReadAllText(tokenizerConfigPath))?.AsObject();
                foreach (var (id, token) in config?["added_tokens_decoder"]?.AsObject() ?? [])
                {
                    special[token!["content"]!.GetValue<string>()] = int.Parse(id, System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                throw new ModelLoadException(tokenizerConfigPath, null, $"invalid tokenizer_config.json: {e.Message}", e);
            }
        }

        return new ByteLevelBpeTokenizer(vocabulary, merges, special, splitPattern);
    }

    /// <summary>Writes a minimal tokenizer.json (BPE model, Split regex + ByteLevel pre-tokenizer, added tokens).</summary>
    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        var vocab = new JsonObject();
        foreach (var (token, id) in vocabulary.OrderBy(kv => kv.Value))
        {
            vocab[token] = id;
        }

        var root = new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = new JsonArray(specialTokens.OrderBy(kv => kv.Value).Select(kv => (JsonNode)new JsonObject
            {
                ["id"] = kv.Value,
                ["content"] = kv.Key,
                ["special"] = true,
            }).ToArray()),
            ["pre_tokenizer"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["pretokenizers"] = new JsonArray(
                    new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = pattern }, ["behavior"] = "Isolated", ["invert"] = false },
                    new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = false, ["use_regex"] = false }),
            },
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel" },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE",
                ["vocab"] = vocab,
                ["merges"] = new JsonArray(merges.Select(m => (JsonNode)m).ToArray()),
            },
        };
        File.WriteAllText(Path.Combine(directory, "tokenizer.json"), root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static string? FindSplitPattern(JsonNode? preTokenizer)
    {
        if (preTokenizer is not JsonObject node)
        {
            return null;
        }

        var type = node["type"]?.GetValue<string>();
        if (type == "ByteLevel")
        {
            return node["use_regex"]?.GetValue<bool>() == false ? null : Gpt2Pattern;
        }

        if (type != "Sequence")
        {
            return null;
        }

        string? split = null;
        var byteLevel = false;
        foreach (var child in node["pretokenizers"]?.AsArray() ?? [])
        {
            var childType = child?["type"]?.GetValue<string>();
            if (childType == "Split" && split is null)
            {
                split = child!["pattern"]?["Regex"]?.GetValue<string>() ?? Regex.Escape(child["pattern"]?["String"]?.GetValue<string>() ?? "");
            }
            else if (childType == "ByteLevel")
            {
                byteLevel = true;
                if (split is null && child!["use_regex"]?.GetValue<bool>() != false)
                {
                    split = Gpt2Pattern;
                }
            }
        }

        return byteLevel ? split : null;
    }
}

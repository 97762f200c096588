using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mosaic.Inference.Tokenization.Decoders;
using Mosaic.Inference.Tokenization.Normalizers;
using Mosaic.Inference.Tokenization.PreTokenizers;

namespace Mosaic.Inference.Tokenization;

/// <summary>
/// A Hugging Face BPE tokenizer read from tokenizer.json, id-exact with Hugging Face <c>tokenizers</c>: byte-level BPE
/// (GPT-2, Qwen2/Qwen2.5/Qwen3, Llama 3, DeepSeek) and SentencePiece-style BPE with byte fallback (Llama 2, Mistral).
/// Encoding follows Hugging Face's pipeline: added tokens are matched first (in the original text, then in the
/// normalized text for <c>normalized</c> ones), the rest is normalized, pre-tokenized and merged by the BPE model.
/// No post-processor runs: <see cref="Encode"/> adds no BOS/EOS (chat templates write them).
/// </summary>
public sealed class ByteLevelBpeTokenizer : ITextTokenizer
{
    /// <summary>GPT-2's split pattern, used by ByteLevel pre-tokenizers with <c>use_regex: true</c>.</summary>
    internal const string Gpt2Pattern = ByteLevelPreTokenizer.Gpt2Pattern;

    /// <summary>Qwen2's split pattern (single digits, letter runs with one leading non-letter), for vocab.json + merges.txt folders.</summary>
    internal const string Qwen2Pattern = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    private readonly BpeModel model;
    private readonly ITextNormalizer? normalizer;
    private readonly IPreTokenizer? preTokenizer;
    private readonly ITokenDecoder? decoder;
    private readonly Dictionary<int, AddedToken> addedById = [];
    private readonly Dictionary<string, int> addedByContent = new(StringComparer.Ordinal);
    private readonly AddedTokenMatcher rawMatcher;
    private readonly AddedTokenMatcher normalizedMatcher;
    private readonly string[] idToToken;
    private readonly string? sourceFile;
    private readonly GeneratedParts? generated;

    internal ByteLevelBpeTokenizer(
        BpeModel model, ITextNormalizer? normalizer, IPreTokenizer? preTokenizer, ITokenDecoder? decoder, IReadOnlyList<AddedToken> addedTokens, string? sourceFile)
    {
        this.model = model;
        this.normalizer = normalizer;
        this.preTokenizer = preTokenizer;
        this.decoder = decoder;
        this.sourceFile = sourceFile;
        foreach (var token in addedTokens)
        {
            addedById[token.Id] = token;
            addedByContent[token.Content] = token.Id;
        }

        rawMatcher = new AddedTokenMatcher(addedTokens.Where(t => !t.Normalized || normalizer is null).Select(t => (t.Content, t)));
        normalizedMatcher = new AddedTokenMatcher(addedTokens.Where(t => t.Normalized && normalizer is not null).Select(t => (normalizer!.Normalize(t.Content), t)));
        var size = Math.Max(model.Vocabulary.Values.DefaultIfEmpty(-1).Max(), addedById.Keys.DefaultIfEmpty(-1).Max()) + 1;
        VocabularySize = size;
        idToToken = new string[size];
        foreach (var (token, id) in model.Vocabulary)
        {
            idToToken[id] = token;
        }
    }

    private ByteLevelBpeTokenizer(BpeModel model, ITextNormalizer? normalizer, IPreTokenizer preTokenizer, IReadOnlyList<AddedToken> addedTokens, GeneratedParts generated)
        : this(model, normalizer, preTokenizer, new ByteLevelDecoder(), addedTokens, sourceFile: null)
    {
        this.generated = generated;
    }

    public int VocabularySize { get; }

    /// <summary>The added tokens (special or not), by content.</summary>
    public IReadOnlyDictionary<string, int> SpecialTokens => addedByContent;

    public IReadOnlyList<int> Encode(string text)
    {
        var ids = new List<int>(text.Length / 3 + 4);
        var pieces = new List<string>();
        var sections = rawMatcher.Split(text);
        for (var s = 0; s < sections.Count; s++)
        {
            var (section, token) = sections[s];
            if (token is not null)
            {
                ids.Add(token.Id);
                continue;
            }

            var normalized = normalizer?.Normalize(section) ?? section;
            var parts = normalizedMatcher.Split(normalized);
            for (var p = 0; p < parts.Count; p++)
            {
                var (part, normalizedToken) = parts[p];
                if (normalizedToken is not null)
                {
                    ids.Add(normalizedToken.Id);
                    continue;
                }

                pieces.Clear();
                if (preTokenizer is null)
                {
                    pieces.Add(part);
                }
                else
                {
                    preTokenizer.PreTokenize(part, atStart: s == 0 && p == 0, pieces);
                }

                foreach (var piece in pieces)
                {
                    model.Encode(piece, ids);
                }
            }
        }

        return ids;
    }

    /// <summary>Decodes ids as Hugging Face does with <c>skip_special_tokens=True</c>; unknown ids are skipped.</summary>
    public string Decode(IEnumerable<int> ids)
    {
        var tokens = new List<string>();
        var added = new List<bool>();
        foreach (var id in ids)
        {
            if (addedById.TryGetValue(id, out var token))
            {
                if (!token.Special)
                {
                    tokens.Add(token.Content);
                    added.Add(true);
                }
            }
            else if (id >= 0 && id < idToToken.Length && idToToken[id] is { } text)
            {
                tokens.Add(text);
                added.Add(false);
            }
        }

        return decoder is null ? string.Join(' ', tokens) : string.Concat(decoder.DecodeChain(tokens, added));
    }

    public int? TokenToId(string token) =>
        addedByContent.TryGetValue(token, out var id) ? id : model.Vocabulary.TryGetValue(token, out id) ? id : null;

    /// <summary>Builds a byte-level tokenizer from in-memory parts (vocabulary in byte-level form, merges as "a b"), without a normalizer.</summary>
    public static ByteLevelBpeTokenizer Create(
        IReadOnlyDictionary<string, int> vocabulary, IEnumerable<string> merges, IReadOnlyDictionary<string, int>? specialTokens = null, string? splitPattern = null) =>
        Generate(vocabulary, merges, (specialTokens ?? new Dictionary<string, int>()).Select(kv => new AddedToken(kv.Value, kv.Key, Special: true)).ToList(),
            splitPattern ?? Qwen2Pattern, normalizeNfc: false);

    /// <summary>Reads a Hugging Face <c>tokenizer.json</c> (BPE model). Parts it cannot honour fail the load with a <see cref="ModelLoadException"/>.</summary>
    public static ByteLevelBpeTokenizer FromTokenizerJson(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new ModelLoadException(path, null, $"invalid tokenizer.json: {JsonErrorText.Describe(e)}", e);
        }

        using (document)
        {
            try
            {
                return TokenizerJsonReader.Read(document.RootElement, path);
            }
            catch (NotSupportedException e)
            {
                throw new ModelLoadException(path, null, $"tokenizer.json cannot be honoured: {e.Message}", e);
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException)
            {
                throw new ModelLoadException(path, null, $"malformed tokenizer.json: {e.Message}", e);
            }
        }
    }

    /// <summary>Reads GPT-2-style <c>vocab.json</c> + <c>merges.txt</c>, with added tokens from tokenizer_config.json when present.</summary>
    public static ByteLevelBpeTokenizer FromVocabAndMerges(string vocabPath, string mergesPath, string? tokenizerConfigPath, string splitPattern, bool normalizeNfc = false)
    {
        Dictionary<string, int> vocabulary;
        try
        {
            vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(vocabPath)) ?? throw new JsonException("empty document");
        }
        catch (JsonException e)
        {
            throw new ModelLoadException(vocabPath, null, $"invalid vocab.json: {JsonErrorText.Describe(e)}", e);
        }

        var merges = File.ReadLines(mergesPath).Where(l => l.Length > 0 && !l.StartsWith("#version", StringComparison.Ordinal)).ToArray();
        var added = new List<AddedToken>();
        if (tokenizerConfigPath is not null && File.Exists(tokenizerConfigPath))
        {
            try
            {
                var config = JsonNode.Parse(File.ReadAllText(tokenizerConfigPath))?.AsObject();
                foreach (var (id, token) in config?["added_tokens_decoder"]?.AsObject() ?? [])
                {
                    var special = token?["special"]?.GetValue<bool>() ?? true;
                    added.Add(new AddedToken(int.Parse(id, System.Globalization.CultureInfo.InvariantCulture), token!["content"]!.GetValue<string>(), special,
                        token["lstrip"]?.GetValue<bool>() ?? false, token["rstrip"]?.GetValue<bool>() ?? false, token["normalized"]?.GetValue<bool>() ?? !special));
                }
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                throw new ModelLoadException(tokenizerConfigPath, null, $"invalid tokenizer_config.json: {JsonErrorText.Describe(e)}", e);
            }
        }

        try
        {
            return Generate(vocabulary, merges, added, splitPattern, normalizeNfc);
        }
        catch (FormatException e)
        {
            throw new ModelLoadException(mergesPath, null, $"invalid merges: {e.Message}", e);
        }
    }

    /// <summary>Writes tokenizer.json: a copy of the file this tokenizer was read from, or one describing the in-memory tokenizer.</summary>
    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        var target = Path.Combine(directory, "tokenizer.json");
        if (sourceFile is not null)
        {
            if (!string.Equals(Path.GetFullPath(sourceFile), Path.GetFullPath(target), StringComparison.Ordinal))
            {
                File.Copy(sourceFile, target, overwrite: true);
            }

            return;
        }

        File.WriteAllText(target, generated!.ToTokenizerJson(model.Vocabulary, addedById.Values));
    }

    private static ByteLevelBpeTokenizer Generate(
        IReadOnlyDictionary<string, int> vocabulary, IEnumerable<string> merges, IReadOnlyList<AddedToken> added, string splitPattern, bool normalizeNfc)
    {
        var mergeList = merges.ToArray();
        var pairs = mergeList.Select(m =>
        {
            var space = m.IndexOf(' ', StringComparison.Ordinal);
            return space > 0 ? (m[..space], m[(space + 1)..]) : throw new FormatException($"merge '{m}' is not two tokens separated by a space");
        }).ToList();
        var model = new BpeModel(new Dictionary<string, int>(vocabulary, StringComparer.Ordinal), pairs, new BpeOptions());
        var preTokenizer = new PreTokenizerSequence([
            new SplitPreTokenizer(new CodePointRegex(splitPattern), SplitBehavior.Isolated, invert: false),
            new ByteLevelPreTokenizer(addPrefixSpace: false, useRegex: false)]);
        var normalizer = normalizeNfc ? new UnicodeFormNormalizer(NormalizationForm.FormC) : null;
        return new ByteLevelBpeTokenizer(model, normalizer, preTokenizer, added, new GeneratedParts(mergeList, splitPattern, normalizeNfc));
    }

    /// <summary>What a tokenizer built in memory needs to write itself as tokenizer.json.</summary>
    private sealed record GeneratedParts(string[] Merges, string SplitPattern, bool NormalizeNfc)
    {
        public string ToTokenizerJson(IReadOnlyDictionary<string, int> vocabulary, IEnumerable<AddedToken> added)
        {
            var vocab = new JsonObject();
            foreach (var (token, id) in vocabulary.OrderBy(kv => kv.Value))
            {
                vocab[token] = id;
            }

            var root = new JsonObject
            {
                ["version"] = "1.0",
                ["added_tokens"] = new JsonArray(added.OrderBy(t => t.Id).Select(t => (JsonNode)new JsonObject
                {
                    ["id"] = t.Id,
                    ["content"] = t.Content,
                    ["single_word"] = false,
                    ["lstrip"] = t.LeftStrip,
                    ["rstrip"] = t.RightStrip,
                    ["normalized"] = t.Normalized,
                    ["special"] = t.Special,
                }).ToArray()),
                ["normalizer"] = NormalizeNfc ? new JsonObject { ["type"] = "NFC" } : null,
                ["pre_tokenizer"] = new JsonObject
                {
                    ["type"] = "Sequence",
                    ["pretokenizers"] = new JsonArray(
                        new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = SplitPattern }, ["behavior"] = "Isolated", ["invert"] = false },
                        new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = false, ["use_regex"] = false }),
                },
                ["decoder"] = new JsonObject { ["type"] = "ByteLevel" },
                ["model"] = new JsonObject
                {
                    ["type"] = "BPE",
                    ["vocab"] = vocab,
                    ["merges"] = new JsonArray(Merges.Select(m => (JsonNode)m).ToArray()),
                },
            };
            return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        }
    }
}

using System.Text;
using System.Text.Json;
using Mosaic.Inference.Tokenization.Decoders;
using Mosaic.Inference.Tokenization.Normalizers;
using Mosaic.Inference.Tokenization.PreTokenizers;

namespace Mosaic.Inference.Tokenization;

/// <summary>
/// Reads the parts of a Hugging Face tokenizer.json this implementation honours. Anything else (a component type, a
/// flag or a regex construct it does not implement) is a <see cref="NotSupportedException"/> naming the JSON path, so
/// a file is never tokenized differently from Hugging Face without a word.
/// </summary>
internal static class TokenizerJsonReader
{
    public static ByteLevelBpeTokenizer Read(JsonElement root, string? sourceFile)
    {
        var model = ReadModel(Required(root, "model", "tokenizer.json"), "model");
        var normalizer = ReadNormalizer(Optional(root, "normalizer"), "normalizer");
        var preTokenizer = ReadPreTokenizer(Optional(root, "pre_tokenizer"), "pre_tokenizer");
        var decoder = ReadDecoder(Optional(root, "decoder"), "decoder");
        var added = new List<AddedToken>();
        if (Optional(root, "added_tokens") is { } addedTokens)
        {
            var index = 0;
            foreach (var entry in addedTokens.EnumerateArray())
            {
                added.Add(ReadAddedToken(entry, $"added_tokens[{index++}]"));
            }
        }

        return new ByteLevelBpeTokenizer(model, normalizer, preTokenizer, decoder, added, sourceFile);
    }

    private static BpeModel ReadModel(JsonElement node, string where)
    {
        var type = OptionalString(node, "type");
        if (type is not null && type != "BPE")
        {
            throw Unsupported(where, $"type '{type}' is not supported (only BPE)");
        }

        if (Optional(node, "dropout") is { ValueKind: JsonValueKind.Number } dropout && dropout.GetDouble() != 0)
        {
            throw Unsupported(where, "dropout is not supported (it makes encoding random)");
        }

        foreach (var affix in new[] { "continuing_subword_prefix", "end_of_word_suffix" })
        {
            if (OptionalString(node, affix) is { Length: > 0 } value)
            {
                throw Unsupported(where, $"{affix} '{value}' is not supported");
            }
        }

        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in Required(node, "vocab", where).EnumerateObject())
        {
            vocabulary[entry.Name] = entry.Value.GetInt32();
        }

        var merges = new List<(string, string)>();
        foreach (var merge in Required(node, "merges", where).EnumerateArray())
        {
            if (merge.ValueKind == JsonValueKind.Array)
            {
                merges.Add((merge[0].GetString()!, merge[1].GetString()!));
                continue;
            }

            var text = merge.GetString()!;
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0 || text.IndexOf(' ', space + 1) >= 0)
            {
                throw new FormatException($"{where}.merges: '{text}' is not two tokens separated by one space");
            }

            merges.Add((text[..space], text[(space + 1)..]));
        }

        var options = new BpeOptions(
            IgnoreMerges: OptionalBool(node, "ignore_merges") ?? false,
            ByteFallback: OptionalBool(node, "byte_fallback") ?? false,
            UnknownToken: OptionalString(node, "unk_token"),
            FuseUnknown: OptionalBool(node, "fuse_unk") ?? false);
        return new BpeModel(vocabulary, merges, options);
    }

    private static ITextNormalizer? ReadNormalizer(JsonElement? node, string where)
    {
        if (node is not { } element)
        {
            return null;
        }

        var type = RequiredString(element, "type", where);
        return type switch
        {
            "NFC" => new UnicodeFormNormalizer(NormalizationForm.FormC),
            "NFD" => new UnicodeFormNormalizer(NormalizationForm.FormD),
            "NFKC" => new UnicodeFormNormalizer(NormalizationForm.FormKC),
            "NFKD" => new UnicodeFormNormalizer(NormalizationForm.FormKD),
            "Lowercase" => new LowercaseNormalizer(),
            "Prepend" => new PrependNormalizer(RequiredString(element, "prepend", where)),
            "Strip" => new StripNormalizer(OptionalBool(element, "strip_left") ?? false, OptionalBool(element, "strip_right") ?? false),
            "Replace" => ReadReplace(element, where, (literal, regex, content) =>
                literal is not null ? ReplaceNormalizer.ForString(literal, content) : ReplaceNormalizer.ForRegex(regex!, content)),
            "Sequence" => new NormalizerSequence(Required(element, "normalizers", where).EnumerateArray()
                .Select((child, i) => ReadNormalizer(child, $"{where}.normalizers[{i}]")!).ToArray()),
            _ => throw Unsupported(where, $"type '{type}' is not supported (supported: NFC, NFD, NFKC, NFKD, Lowercase, Prepend, Strip, Replace, Sequence)"),
        };
    }

    private static IPreTokenizer? ReadPreTokenizer(JsonElement? node, string where)
    {
        if (node is not { } element)
        {
            return null;
        }

        var type = RequiredString(element, "type", where);
        switch (type)
        {
            case "ByteLevel":
                return new ByteLevelPreTokenizer(OptionalBool(element, "add_prefix_space") ?? true, OptionalBool(element, "use_regex") ?? true);
            case "Split":
                {
                    var pattern = ReadPattern(Required(element, "pattern", where), $"{where}.pattern");
                    var behavior = RequiredString(element, "behavior", where);
                    if (!Enum.TryParse<SplitBehavior>(behavior, ignoreCase: false, out var parsed))
                    {
                        throw Unsupported(where, $"behavior '{behavior}' is not supported");
                    }

                    return new SplitPreTokenizer(pattern, parsed, OptionalBool(element, "invert") ?? false);
                }

            case "Digits":
                return new DigitsPreTokenizer(OptionalBool(element, "individual_digits") ?? false);
            case "Metaspace":
                return new MetaspacePreTokenizer(Replacement(element, where), PrependScheme(element, where), OptionalBool(element, "split") ?? true);
            case "Sequence":
                return new PreTokenizerSequence(Required(element, "pretokenizers", where).EnumerateArray()
                    .Select((child, i) => ReadPreTokenizer(child, $"{where}.pretokenizers[{i}]")!).ToArray());
            default:
                throw Unsupported(where, $"type '{type}' is not supported (supported: ByteLevel, Split, Digits, Metaspace, Sequence)");
        }
    }

    private static ITokenDecoder? ReadDecoder(JsonElement? node, string where)
    {
        if (node is not { } element)
        {
            return null;
        }

        var type = RequiredString(element, "type", where);
        return type switch
        {
            "ByteLevel" => new ByteLevelDecoder(),
            "ByteFallback" => new ByteFallbackDecoder(),
            "Fuse" => new FuseDecoder(),
            "Replace" => ReadReplace(element, where, (literal, regex, content) => new ReplaceDecoder(literal, regex, content)),
            "Strip" => new StripDecoder(SingleCharacter(element, "content", where), OptionalInt(element, "start") ?? 0, OptionalInt(element, "stop") ?? 0),
            "Metaspace" => new MetaspaceDecoder(Replacement(element, where), PrependScheme(element, where) != MetaspacePrependScheme.Never),
            "Sequence" => new DecoderSequence(Required(element, "decoders", where).EnumerateArray()
                .Select((child, i) => ReadDecoder(child, $"{where}.decoders[{i}]")!).ToArray()),
            _ => throw Unsupported(where, $"type '{type}' is not supported (supported: ByteLevel, ByteFallback, Fuse, Replace, Strip, Metaspace, Sequence)"),
        };
    }

    private static AddedToken ReadAddedToken(JsonElement node, string where)
    {
        var content = RequiredString(node, "content", where);
        if (OptionalBool(node, "single_word") == true)
        {
            throw Unsupported(where, $"'{content}' has single_word: true, which is not supported");
        }

        var special = OptionalBool(node, "special") ?? false;
        return new AddedToken(
            Required(node, "id", where).GetInt32(),
            content,
            special,
            OptionalBool(node, "lstrip") ?? false,
            OptionalBool(node, "rstrip") ?? false,
            OptionalBool(node, "normalized") ?? !special);
    }

    private static T ReadReplace<T>(JsonElement node, string where, Func<string?, CodePointRegex?, string, T> create)
    {
        var content = RequiredString(node, "content", where);
        var pattern = Required(node, "pattern", where);
        if (OptionalString(pattern, "String") is { } literal)
        {
            return create(literal, null, content);
        }

        return create(null, ReadPattern(pattern, $"{where}.pattern"), content);
    }

    private static CodePointRegex ReadPattern(JsonElement node, string where)
    {
        if (OptionalString(node, "Regex") is { } regex)
        {
            try
            {
                return new CodePointRegex(regex);
            }
            catch (NotSupportedException e)
            {
                throw Unsupported(where, e.Message);
            }
        }

        if (OptionalString(node, "String") is { } literal)
        {
            return new CodePointRegex(System.Text.RegularExpressions.Regex.Escape(literal));
        }

        throw Unsupported(where, "expected {\"Regex\": ...} or {\"String\": ...}");
    }

    private static char Replacement(JsonElement node, string where) => SingleCharacter(node, "replacement", where);

    private static MetaspacePrependScheme PrependScheme(JsonElement node, string where)
    {
        if (OptionalString(node, "prepend_scheme") is { } scheme)
        {
            return scheme switch
            {
                "always" => MetaspacePrependScheme.Always,
                "first" => MetaspacePrependScheme.First,
                "never" => MetaspacePrependScheme.Never,
                _ => throw Unsupported(where, $"prepend_scheme '{scheme}' is not supported"),
            };
        }

        return OptionalBool(node, "add_prefix_space") == false ? MetaspacePrependScheme.Never : MetaspacePrependScheme.Always;
    }

    private static char SingleCharacter(JsonElement node, string name, string where)
    {
        var value = RequiredString(node, name, where);
        return value.Length == 1 ? value[0] : throw Unsupported(where, $"{name} '{value}' is not a single UTF-16 character");
    }

    private static NotSupportedException Unsupported(string where, string problem) => new($"{where}: {problem}");

    private static JsonElement Required(JsonElement node, string name, string where) =>
        Optional(node, name) ?? throw new FormatException($"{where}: missing '{name}'");

    private static JsonElement? Optional(JsonElement node, string name) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static string RequiredString(JsonElement node, string name, string where) =>
        Required(node, name, where).GetString() ?? throw new FormatException($"{where}: '{name}' is not a string");

    private static string? OptionalString(JsonElement node, string name) =>
        Optional(node, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static bool? OptionalBool(JsonElement node, string name) =>
        Optional(node, name) is { ValueKind: JsonValueKind.True or JsonValueKind.False } value ? value.GetBoolean() : null;

    private static int? OptionalInt(JsonElement node, string name) =>
        Optional(node, name) is { ValueKind: JsonValueKind.Number } value ? value.GetInt32() : null;
}

using System.Text;
using System.Text.Json;

namespace Mosaic.Inference.Tokenization;

/// <summary>
/// One token per Unicode scalar value, for the project's own small models. Ids 0..k-1 are special tokens
/// (<c>&lt;eos&gt;</c>, <c>&lt;bos&gt;</c>, <c>&lt;unk&gt;</c> by default); unknown characters map to <c>&lt;unk&gt;</c>.
/// Saved as <c>char_vocab.json</c>.
/// </summary>
public sealed class CharTokenizer : ITextTokenizer
{
    public const string FileName = "char_vocab.json";
    public const string Eos = "<eos>";
    public const string Bos = "<bos>";
    public const string Unknown = "<unk>";

    private readonly string[] tokens;
    private readonly Dictionary<string, int> ids;
    private readonly int specialCount;

    public CharTokenizer(IReadOnlyList<string> specialTokens, IEnumerable<string> characters)
    {
        var list = new List<string>(specialTokens);
        foreach (var c in characters)
        {
            if (!list.Contains(c))
            {
                list.Add(c);
            }
        }

        tokens = [.. list];
        specialCount = specialTokens.Count;
        ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Length; i++)
        {
            ids.TryAdd(tokens[i], i);
        }
    }

    /// <summary>A vocabulary of every distinct character of <paramref name="corpus"/> (in order of first use).</summary>
    public static CharTokenizer FromText(string corpus) =>
        new([Eos, Bos, Unknown], corpus.EnumerateRunes().Select(r => r.ToString()).Distinct());

    public int VocabularySize => tokens.Length;

    public IReadOnlyList<string> Tokens => tokens;

    public IReadOnlyList<int> Encode(string text)
    {
        var result = new List<int>(text.Length);
        var unknown = TokenToId(Unknown);
        var index = 0;
        while (index < text.Length)
        {
            var special = MatchSpecial(text, index);
            if (special >= 0)
            {
                result.Add(special);
                index += tokens[special].Length;
                continue;
            }

            var rune = Rune.GetRuneAt(text, index);
            if (ids.TryGetValue(rune.ToString(), out var id))
            {
                result.Add(id);
            }
            else if (unknown is { } u)
            {
                result.Add(u);
            }

            index += rune.Utf16SequenceLength;
        }

        return result;
    }

    public string Decode(IEnumerable<int> tokenIds)
    {
        var builder = new StringBuilder();
        foreach (var id in tokenIds)
        {
            if (id >= specialCount && id < tokens.Length)
            {
                builder.Append(tokens[id]);
            }
        }

        return builder.ToString();
    }

    public int? TokenToId(string token) => ids.TryGetValue(token, out var id) ? id : null;

    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        var document = new CharVocabulary(tokens[..specialCount], tokens[specialCount..]);
        File.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
    }

    public static CharTokenizer Load(string path)
    {
        try
        {
            var document = JsonSerializer.Deserialize<CharVocabulary>(File.ReadAllText(path))
                ?? throw new JsonException("empty document");
            return new CharTokenizer(document.SpecialTokens, document.Characters);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentNullException)
        {
            throw new ModelLoadException(path, null, $"invalid character vocabulary: {JsonErrorText.Describe(e)}", e);
        }
    }

    private int MatchSpecial(string text, int index)
    {
        for (var i = 0; i < specialCount; i++)
        {
            if (tokens[i].Length > 0 && text[index] == tokens[i][0] && string.CompareOrdinal(text, index, tokens[i], 0, tokens[i].Length) == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private sealed record CharVocabulary(
        [property: System.Text.Json.Serialization.JsonPropertyName("special_tokens")] string[] SpecialTokens,
        [property: System.Text.Json.Serialization.JsonPropertyName("characters")] string[] Characters);
}

using System.Text;

namespace Mosaic.Inference.Tokenization.PreTokenizers;

/// <summary>
/// tokenizer.json <c>ByteLevel</c>: optionally a leading space and GPT-2's split regex, then each piece's UTF-8 bytes
/// as the characters of <see cref="ByteLevelAlphabet"/>.
/// </summary>
internal sealed class ByteLevelPreTokenizer(bool addPrefixSpace, bool useRegex) : IPreTokenizer
{
    /// <summary>GPT-2's split pattern, used with <c>use_regex: true</c>.</summary>
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    private static readonly CodePointRegex Gpt2 = new(Gpt2Pattern);

    public bool AddPrefixSpace => addPrefixSpace;

    public bool UseRegex => useRegex;

    public void PreTokenize(string piece, bool atStart, List<string> output)
    {
        if (addPrefixSpace && !piece.StartsWith(' '))
        {
            piece = " " + piece;
        }

        if (!useRegex)
        {
            output.Add(ToByteLevel(piece));
            return;
        }

        var parts = new List<string>();
        PieceSplitter.Split(piece, Gpt2.Matches(piece), SplitBehavior.Isolated, invert: false, parts);
        foreach (var part in parts)
        {
            output.Add(ToByteLevel(part));
        }
    }

    public static string ToByteLevel(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var chars = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i] = ByteLevelAlphabet.ByteToChar[bytes[i]];
        }

        return new string(chars);
    }
}

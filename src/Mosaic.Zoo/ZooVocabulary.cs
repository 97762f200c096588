using Mosaic.Inference.Tokenization;

namespace Mosaic.Zoo;

/// <summary>The one character vocabulary every zoo model shares: the three specials, newline and printable ASCII.</summary>
internal static class ZooVocabulary
{
    public static CharTokenizer Create() =>
        new([CharTokenizer.Eos, CharTokenizer.Bos, CharTokenizer.Unknown],
            new[] { "\n" }.Concat(Enumerable.Range(32, 95).Select(c => ((char)c).ToString())));

    public const int EosId = 0;
}

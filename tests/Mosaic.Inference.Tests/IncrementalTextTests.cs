using Mosaic.Inference.Generation;
using Mosaic.Inference.Tokenization;

namespace Mosaic.Inference.Tests;

/// <summary>
/// The streamed text of a generation, decoded a few tokens at a time, against decoding all the tokens at once: on the
/// real tokenizer.json files (byte-level and SentencePiece-style) and the test tokenizers.
/// </summary>
[Collection(TokenizerDataCollection.Name)]
public sealed class IncrementalTextTests
{
    [TokenizerDataTheory]
    [InlineData("qwen3")]
    [InlineData("llama3")]
    [InlineData("llama2")]
    [InlineData("deepseek-v3")]
    public void RealTokenizer_IncrementalText_IsTheWholeDecodeOfTheCorpus(string name)
    {
        var tokenizer = ByteLevelBpeTokenizer.FromTokenizerJson(TokenizerData.TokenizerJson(name));

        Check(tokenizer, [.. TokenizerData.ReferenceCases.Cases.SelectMany(c => c.Ids[name])]);
    }

    [TokenizerDataTheory]
    [InlineData("qwen3")]
    [InlineData("llama2")]
    public void RealTokenizer_IncrementalText_OfRandomTokens_StaysAPrefixOfTheWholeDecode(string name)
    {
        // Random ids split characters anywhere and make invalid UTF-8 byte runs, which the whole decode writes as U+FFFD.
        var tokenizer = ByteLevelBpeTokenizer.FromTokenizerJson(TokenizerData.TokenizerJson(name));
        var random = new Random(7);

        Check(tokenizer, [.. Enumerable.Range(0, 4000).Select(_ => random.Next(tokenizer.VocabularySize)), .. tokenizer.Encode(" end.")]);
    }

    [Fact]
    public void TestTokenizers_IncrementalText_IsTheWholeDecode()
    {
        var byteLevel = TestTokenizers.ByteLevel();
        Check(byteLevel, [.. byteLevel.Encode("Grüße 世界 🎉 👩‍👩‍👧 stream, then 12345678 and ẞ𝐀𝟘 𠀀 again.")]);
        var chars = new CharTokenizer([CharTokenizer.Unknown], "abcdefghijklmnopqrstuvwxyz 0123456789.?+".Select(c => c.ToString()));
        Check(chars, [.. chars.Encode("what is 65 + 5? the answer is 70.")]);
    }

    /// <summary>
    /// Feeds <paramref name="ids"/> (which end on a complete character) in runs of 1 to 12 tokens, split three ways:
    /// every text extends the one before and is a prefix of the whole decode, and once all ids are in, it is the whole decode.
    /// </summary>
    private static void Check(ITextTokenizer tokenizer, int[] ids)
    {
        var whole = tokenizer.Decode(ids);
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var random = new Random(seed);
            var text = new IncrementalText(tokenizer);
            var generated = new List<int>();
            var last = "";
            while (generated.Count < ids.Length)
            {
                generated.AddRange(ids.Skip(generated.Count).Take(random.Next(1, 13)));
                var next = text.Update(generated);
                Assert.StartsWith(last, next, StringComparison.Ordinal);
                Assert.True(whole.StartsWith(next, StringComparison.Ordinal), $"seed {seed}, {generated.Count} tokens: the text is not a prefix of the whole decode");
                last = next;
            }

            Assert.Equal(whole, last);
        }
    }
}

using System.Text.Json.Nodes;
using Mosaic.Inference.Tokenization;
using Mosaic.Inference.Tokenization.PreTokenizers;

namespace Mosaic.Inference.Tests;

/// <summary>The tokenizer.json pipeline on small files whose expected ids follow from Hugging Face's rules by hand.</summary>
public sealed class TokenizerPipelineTests
{
    [Fact]
    public void SplitRegex_AstralLettersAndDigits_AreLettersAndDigits()
    {
        // Qwen2's split: "x𝐀y" is one letter run; "1𝟘2" is three single digits; "(𝐀)" keeps the letter apart.
        Assert.Equal(["x𝐀y", " ", "1", "𝟘", "2", " (", "𝐀", ")"], Pieces("x𝐀y 1𝟘2 (𝐀)"));
        Assert.Equal(["𠀀𠀁", ",", " 𐐀𐐨"], Pieces("𠀀𠀁, 𐐀𐐨"));
    }

    [Fact]
    public void CodePointRegex_StandIns_HaveTheirCategories()
    {
        foreach (var (category, standIn) in CodePointRegex.StandInCharacters)
        {
            Assert.Equal(category, System.Globalization.CharUnicodeInfo.GetUnicodeCategory(standIn));
        }
    }

    [Fact]
    public void IgnoreMerges_WholePieceInVocabulary_IsOneToken()
    {
        // "abc" is in the vocabulary but no merge reaches it ("a b" makes "ab", nothing makes "abc").
        string[] merges = ["a b"];
        var withFlag = TokenizerJsonFiles.Load(TokenizerJsonFiles.ByteLevel(merges, root => AddAbc(root, model => model["ignore_merges"] = true)));
        var without = TokenizerJsonFiles.Load(TokenizerJsonFiles.ByteLevel(merges, root => AddAbc(root, _ => { })));
        Assert.Equal([withFlag.TokenToId("abc")!.Value], withFlag.Encode("abc"));
        Assert.Equal([without.TokenToId("ab")!.Value, without.TokenToId("c")!.Value], without.Encode("abc"));
    }

    [Fact]
    public void Merges_LowestRankFirst_LeftmostAmongEqualRanks()
    {
        // Ranks: "b c" before "a b", so "abc" -> a + bc; "aaa" with "a a" merges the leftmost pair first -> aa + a.
        var tokenizer = TokenizerJsonFiles.Load(TokenizerJsonFiles.ByteLevel(["b c", "a b", "a a"]));
        Assert.Equal([tokenizer.TokenToId("a")!.Value, tokenizer.TokenToId("bc")!.Value], tokenizer.Encode("abc"));
        Assert.Equal([tokenizer.TokenToId("aa")!.Value, tokenizer.TokenToId("a")!.Value], tokenizer.Encode("aaa"));
    }

    [Fact]
    public void NfcNormalizer_ComposesBeforeMerging_AndNormalizedAddedTokensMatchAfterIt()
    {
        var path = TokenizerJsonFiles.ByteLevel(["Ã ©"], root => root["normalizer"] = new JsonObject { ["type"] = "NFC" },
            ("<é>", false, true), ("<raw>", true, false));
        var tokenizer = TokenizerJsonFiles.Load(path);
        var composed = tokenizer.TokenToId("Ã©")!.Value; // é (U+00E9) is the bytes C3 A9
        Assert.Equal([composed], tokenizer.Encode("e\u0301"));
        Assert.Equal([tokenizer.TokenToId("<é>")!.Value], tokenizer.Encode("<e\u0301>"));
        Assert.Equal("é<é>", tokenizer.Decode(tokenizer.Encode("e\u0301<é><raw>")));
    }

    [Fact]
    public void AddedTokens_LongestMatchFirst_WithLeftAndRightStrip()
    {
        var path = TokenizerJsonFiles.ByteLevel([], root =>
        {
            var added = root["added_tokens"]!.AsArray();
            added.Add(new JsonObject { ["id"] = 300, ["content"] = "<a>", ["special"] = true, ["lstrip"] = true, ["rstrip"] = true });
            added.Add(new JsonObject { ["id"] = 301, ["content"] = "<a><b>", ["special"] = true });
        });
        var tokenizer = TokenizerJsonFiles.Load(path);
        Assert.Equal([tokenizer.TokenToId("x")!.Value, 300, tokenizer.TokenToId("y")!.Value], tokenizer.Encode("x  <a>  y"));
        Assert.Equal([301], tokenizer.Encode("<a><b>"));
        Assert.Equal("xy", tokenizer.Decode(tokenizer.Encode("x  <a>  y")));
    }

    [Fact]
    public void SentencePieceBpe_PrependsMetaspace_FallsBackToBytes_AndDecodes()
    {
        var path = TokenizerJsonFiles.SentencePiece(["▁", "h", "i", "▁h", "▁hi"], ["▁ h", "▁h i"]);
        var tokenizer = TokenizerJsonFiles.Load(path);
        var hi = tokenizer.TokenToId("▁hi")!.Value;
        var space = tokenizer.TokenToId("▁")!.Value;
        // "☃" (E2 98 83) is not in the vocabulary: three byte tokens.
        Assert.Equal([hi, space, 3 + 0xE2, 3 + 0x98, 3 + 0x83], tokenizer.Encode("hi ☃"));
        Assert.Equal("hi ☃", tokenizer.Decode(tokenizer.Encode("hi ☃")));
        Assert.Equal([1, hi], tokenizer.Encode("<s>hi"));
    }

    [Fact]
    public void SentencePieceBpe_WithoutByteFallback_FusesUnknownCharacters()
    {
        var path = TokenizerJsonFiles.SentencePiece(["▁", "h", "i"], [], root => root["model"]!["byte_fallback"] = false);
        var tokenizer = TokenizerJsonFiles.Load(path);
        Assert.Equal([tokenizer.TokenToId("▁")!.Value, tokenizer.TokenToId("h")!.Value, 0, tokenizer.TokenToId("i")!.Value], tokenizer.Encode("h☃☃i"));
    }

    [Theory]
    [InlineData("Removed", false, "the|final|countdown")]
    [InlineData("Isolated", false, "the|-|final|-|-|countdown")]
    [InlineData("MergedWithPrevious", false, "the-|final-|-|countdown")]
    [InlineData("MergedWithNext", false, "the|-final|-|-countdown")]
    [InlineData("Contiguous", false, "the|-|final|--|countdown")]
    [InlineData("Removed", true, "-|-|-")]
    public void SplitBehaviors_FollowHuggingFaceDocumentation(string behavior, bool invert, string expected)
    {
        var path = TokenizerJsonFiles.ByteLevel([], root => root["pre_tokenizer"] = new JsonObject
        {
            ["type"] = "Sequence",
            ["pretokenizers"] = new JsonArray(
                new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["String"] = "-" }, ["behavior"] = behavior, ["invert"] = invert },
                new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["use_regex"] = false }),
        });
        var tokenizer = TokenizerJsonFiles.Load(path);
        var pieces = expected.Split('|');
        var ids = tokenizer.Encode("the-final--countdown");
        Assert.Equal(pieces.Sum(p => p.Length), ids.Count); // no merges: one id per byte, so pieces only change what is kept
        Assert.Equal(string.Concat(pieces), tokenizer.Decode(ids));
    }

    [Fact]
    public void MetaspacePreTokenizer_SplitsBeforeEachReplacement_AndDecoderDropsTheFirst()
    {
        var path = TokenizerJsonFiles.SentencePiece(["▁", "a", "b", "▁a", "a▁", "▁b"], ["a ▁", "▁ a", "▁ b"], root =>
        {
            root["normalizer"] = null;
            root["pre_tokenizer"] = new JsonObject { ["type"] = "Metaspace", ["replacement"] = "▁", ["prepend_scheme"] = "always", ["split"] = true };
            root["decoder"] = new JsonObject { ["type"] = "Metaspace", ["replacement"] = "▁", ["prepend_scheme"] = "always" };
        });
        var tokenizer = TokenizerJsonFiles.Load(path);
        // Split into "▁a", "▁b": unsplit, the merge "a ▁" (rank 0) would make ▁ + a▁ + b of "▁a▁b".
        Assert.Equal([tokenizer.TokenToId("▁a")!.Value, tokenizer.TokenToId("▁b")!.Value], tokenizer.Encode("a b"));
        Assert.Equal("a b", tokenizer.Decode(tokenizer.Encode("a b")));
    }

    [Fact]
    public void LowercaseNormalizer_UsesFullMappingAndFinalSigma()
    {
        var path = TokenizerJsonFiles.ByteLevel([], root => root["normalizer"] = new JsonObject { ["type"] = "Lowercase" });
        var tokenizer = TokenizerJsonFiles.Load(path);
        Assert.Equal("i\u0307stanbul ὀδυσσεύς σ", tokenizer.Decode(tokenizer.Encode("İSTANBUL ὈΔΥΣΣΕΎΣ Σ")));
    }

    private static List<string> Pieces(string text)
    {
        var pieces = new List<string>();
        new SplitPreTokenizer(new CodePointRegex(TokenizerJsonFiles.Qwen2Split), SplitBehavior.Isolated, invert: false).PreTokenize(text, atStart: true, pieces);
        return pieces;
    }

    private static void AddAbc(JsonObject root, Action<JsonObject> editModel)
    {
        var model = root["model"]!.AsObject();
        var vocab = model["vocab"]!.AsObject();
        vocab["abc"] = vocab.Count;
        editModel(model);
    }
}

using System.Globalization;
using System.Text;
using Mosaic.Inference.Tokenization.Unicode;

namespace Mosaic.Inference.Tests;

/// <summary>
/// Unicode normalization for tokenizer.json normalizers. The projects run with InvariantGlobalization, where
/// string.Normalize returns its input unchanged, so the tokenizers use their own implementation.
/// </summary>
[Collection(TokenizerDataCollection.Name)]
public sealed class TokenizerNormalizationTests
{
    [Fact]
    public void StringNormalize_UnderInvariantGlobalization_IsANoOp_SoTokenizersCannotUseIt()
    {
        Assert.Equal("e\u0301", "e\u0301".Normalize(NormalizationForm.FormC));
    }

    [Theory]
    [InlineData(NormalizationForm.FormC, "e\u0301 \u212B \u1100\u1161\u11A8 \uFB01 a\u0323\u0301", "\u00E9 \u00C5 \uAC01 \uFB01 \u1EA1\u0301")]
    [InlineData(NormalizationForm.FormD, "\u00E9\u1EA5", "e\u0301a\u0302\u0301")]
    [InlineData(NormalizationForm.FormKC, "\uFB01 \u2460 \uFF21 \u00BD e\u0301", "fi 1 A 1\u20442 \u00E9")]
    [InlineData(NormalizationForm.FormKD, "\uFB01\u00E9", "fie\u0301")]
    public void UnicodeNormalizer_NormalizesAsUnicodeSpecifies(NormalizationForm form, string input, string expected)
    {
        Assert.Equal(expected, UnicodeNormalizer.Normalize(input, form));
    }

    [TokenizerDataFact]
    public void UnicodeNormalizer_PassesUnicodeConformanceTest()
    {
        var path = TokenizerData.File("NormalizationTest.txt");
        var failures = new List<string>();
        var lines = 0;
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line[0] is '#' or '@')
            {
                continue;
            }

            var c = line.Split(';').Take(5).Select(Decode).ToArray();
            lines++;
            // The invariants of NormalizationTest.txt: c2 = NFC(c1..c3), c4 = NFC(c4, c5); c3 = NFD(c1..c3), c5 = NFD(c4, c5);
            // c4 = NFKC(c1..c5); c5 = NFKD(c1..c5).
            Check(NormalizationForm.FormC, c[1], c[0], c[1], c[2]);
            Check(NormalizationForm.FormC, c[3], c[3], c[4]);
            Check(NormalizationForm.FormD, c[2], c[0], c[1], c[2]);
            Check(NormalizationForm.FormD, c[4], c[3], c[4]);
            Check(NormalizationForm.FormKC, c[3], c);
            Check(NormalizationForm.FormKD, c[4], c);
        }

        Assert.True(lines > 15_000, $"{path} has only {lines} test lines");
        Assert.True(failures.Count == 0, $"{failures.Count} failures (Unicode {UnicodeNormalizer.UnicodeVersion} data), e.g.:\n{string.Join('\n', failures.Take(10))}");

        void Check(NormalizationForm form, string expected, params string[] inputs)
        {
            foreach (var input in inputs)
            {
                var actual = UnicodeNormalizer.Normalize(input, form);
                if (actual != expected)
                {
                    failures.Add($"{form}({Hex(input)}) = {Hex(actual)}, expected {Hex(expected)}");
                }
            }
        }
    }

    private static string Decode(string field) =>
        string.Concat(field.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(h => char.ConvertFromUtf32(int.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture))));

    private static string Hex(string text) => string.Join(' ', text.EnumerateRunes().Select(r => r.Value.ToString("X4", CultureInfo.InvariantCulture)));
}

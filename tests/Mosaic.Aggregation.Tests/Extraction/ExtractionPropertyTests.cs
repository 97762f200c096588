using CsCheck;
using Mosaic.Aggregation.Extraction;

namespace Mosaic.Aggregation.Tests.Extraction;

public sealed class ExtractionPropertyTests
{
    private static readonly AnswerFormat[] Formats = Enum.GetValues<AnswerFormat>();

    // Pieces of the markup the extractors look for, so random texts hit their edge cases, not only plain noise.
    private static readonly Gen<string> Fragment = Gen.OneOf(
        Gen.OneOfConst(
            "\\boxed{", "\\boxed ", "\\fbox{", "{", "}", "\\{", "\\}", "\\frac{", "\\dfrac", "\\text{", "\\left(", "\\right)",
            "\\$", "$", "\\%", "%", "{,}", "**", "*", " ", "\n", "####", "The answer is ", "answer is (", "Answer:",
            "option ", "(", ")", "[", "]", ".", ",", "-", "−", "/", "=", "^\\circ", "<think>", "</think>", "'", "x = ",
            "A", "a", "C", "I", "J", "K", "(c)", "E. coli", "1,000", "1000.0", "0", "7", "12", "3/4", "-2", ".5", "€"),
        Gen.Char["\0\u00ff"].Select(c => c.ToString()),
        Gen.String[0, 6]);

    private static readonly Gen<string> Text = Fragment.Array[0, 24].Select(string.Concat);

    private static readonly Gen<string> AnyText = Gen.OneOf(Text, Gen.String, Gen.String.AlphaNumeric);

    [Fact]
    public void Extract_AnyString_NeverThrows() =>
        Gen.Select(AnyText, Gen.OneOfConst(Formats)).Sample(
            (text, format) => { _ = AnswerExtractor.ExtractDetailed(text, format); },
            iter: 4000);

    // Extracting from an extracted answer gives it back. The boxed format reads nothing but boxes, and auto reads a
    // box first, so their answers are fed back inside \boxed{}; auto's numbers and letters are also fed back bare.
    [Fact]
    public void Extract_OwnOutput_GivesItBack() =>
        Gen.Select(Text, Gen.OneOfConst(Formats)).Sample(
            (text, format) =>
            {
                var answer = AnswerExtractor.Extract(text, format);
                if (answer is null)
                {
                    return;
                }

                var boxed = "\\boxed{" + answer + "}";
                var bare = format is AnswerFormat.Boxed
                    || (format is AnswerFormat.Auto && AnswerCanonicalizer.CanonicalizeNumber(answer) is null && answer is not [>= 'A' and <= 'J']);
                var again = AnswerExtractor.Extract(bare ? boxed : answer, format);
                Assert.True(again == answer, $"{format}: '{text}' gave '{answer}', which gives '{again}'");
                if (format is AnswerFormat.Auto)
                {
                    var reboxed = AnswerExtractor.Extract(boxed, format);
                    Assert.True(reboxed == answer, $"auto: '{text}' gave '{answer}', but its box gives '{reboxed}'");
                }
            },
            iter: 4000);

    [Fact]
    public void Canonicalize_IsIdempotent() =>
        Text.Sample(
            text =>
            {
                var once = AnswerCanonicalizer.Canonicalize(text);
                Assert.True(once == AnswerCanonicalizer.Canonicalize(once), $"'{text}' gave '{once}', then '{AnswerCanonicalizer.Canonicalize(once)}'");
            },
            iter: 4000);
}

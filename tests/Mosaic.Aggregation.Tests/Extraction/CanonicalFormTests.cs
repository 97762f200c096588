using Mosaic.Aggregation.Extraction;

namespace Mosaic.Aggregation.Tests.Extraction;

public sealed class CanonicalFormTests
{
    [Theory]
    [InlineData("1,000", "1000")]
    [InlineData("1000.0", "1000")]
    [InlineData("1000.00", "1000")]
    [InlineData("$1,000", "1000")]
    [InlineData("0.50", "0.5")]
    [InlineData("1/2", "0.5")]
    [InlineData("2/6", "1/3")]
    [InlineData("-4/2", "-2")]
    [InlineData("-0", "0")]
    [InlineData("007", "7")]
    [InlineData("12.", "12")]
    [InlineData("25%", "25")]
    [InlineData("86 dollars", "86")]
    [InlineData("\\frac{7}{8}", "0.875")]
    [InlineData("3/0", "3/0")]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567890")]
    public void CanonicalizeNumber_SpellsEachValueOneWay(string text, string expected) =>
        Assert.Equal(expected, AnswerCanonicalizer.CanonicalizeNumber(text));

    [Theory]
    [InlineData("c", "c")]
    [InlineData("(c)", "C")]
    [InlineData("C", "C")]
    [InlineData(" ( C ) ", "C")]
    [InlineData("K", "K")]
    [InlineData("\\text{ B }", "B")]
    [InlineData("y = 2x + 1", "2x+1")]
    [InlineData("\\left( 1, 2 \\right)", "(1,2)")]
    [InlineData("  ", null)]
    public void Canonicalize_Answer_GivesOneSpelling(string text, string? expected) =>
        Assert.Equal(expected, AnswerCanonicalizer.Canonicalize(text, lastOptionLetter: 'Z'));

    [Fact]
    public void Canonicalize_LetterBeyondLastOption_IsNotAnOptionLetter() =>
        Assert.Equal("(K)", AnswerCanonicalizer.Canonicalize("(K)", lastOptionLetter: 'J'));
}

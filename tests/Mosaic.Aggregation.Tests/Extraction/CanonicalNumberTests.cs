using Mosaic.Aggregation.Extraction;

namespace Mosaic.Aggregation.Tests.Extraction;

public sealed class CanonicalNumberTests
{
    [Theory]
    [InlineData(false, "1", "5", "0.2")]
    [InlineData(false, "3", "40", "0.075")]
    [InlineData(true, "1", "8", "-0.125")]
    [InlineData(false, "2", "6", "1/3")]
    [InlineData(false, "12", "0", "12/0")]
    [InlineData(true, "1,200", "0", "-1200/0")]
    [InlineData(false, "0.0", null, "0")]
    public void Format_GivesOneSpellingPerValue(bool negative, string digits, string? denominator, string expected) =>
        Assert.Equal(expected, CanonicalNumber.Format(negative, digits, denominator));

    [Theory]
    [InlineData("", null)]
    [InlineData(",", null)]
    [InlineData("1", "x")]
    public void Format_NoDigitsOrABadDenominator_IsNull(string digits, string? denominator) =>
        Assert.Null(CanonicalNumber.Format(false, digits, denominator));

    [Theory]
    [InlineData("(d)", 'D', "D")]
    [InlineData("[b]", 'J', "B")]
    [InlineData("(e)", 'D', "(e)")]
    [InlineData("Paris.", 'J', "Paris")]
    [InlineData("Paris...", 'J', "Paris")]
    [InlineData(@"a\.", 'J', @"a\.")]
    [InlineData(@"\.", 'J', @"\.")]
    [InlineData(@"a\\.", 'J', @"a\\")]
    [InlineData(@"a\\\.", 'J', @"a\\\.")]
    public void Canonicalize_LettersAndTrailingPeriods(string answer, char last, string expected) =>
        Assert.Equal(expected, AnswerCanonicalizer.Canonicalize(answer, last));
}

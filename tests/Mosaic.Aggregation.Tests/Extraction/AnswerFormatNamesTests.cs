using Mosaic.Aggregation.Extraction;

namespace Mosaic.Aggregation.Tests.Extraction;

public sealed class AnswerFormatNamesTests
{
    [Fact]
    public void All_EveryNameParsesToTheFormatThatNamesItBack()
    {
        Assert.Equal(["auto", "mcq", "boxed", "gsm8k", "number"], AnswerFormatNames.All);
        foreach (var name in AnswerFormatNames.All)
        {
            Assert.True(AnswerFormatNames.TryParse(name, out var format), name);
            Assert.Equal(name, AnswerFormatNames.NameOf(format));
        }

        Assert.Equal(Enum.GetValues<AnswerFormat>().Length, AnswerFormatNames.All.Distinct().Count());
    }

    [Theory]
    [InlineData(" MCQ ", AnswerFormat.MultipleChoice)]
    [InlineData("Auto", AnswerFormat.Auto)]
    [InlineData("NUMBER", AnswerFormat.Number)]
    public void TryParse_IgnoresCaseAndSpaces(string name, AnswerFormat expected)
    {
        Assert.True(AnswerFormatNames.TryParse(name, out var format));
        Assert.Equal(expected, format);
    }

    [Theory]
    [InlineData("latex")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_UnknownName_IsFalse(string? name)
    {
        Assert.False(AnswerFormatNames.TryParse(name, out var format));
        Assert.Equal(AnswerFormat.Auto, format);
    }

    [Fact]
    public void NameOf_UndefinedFormat_IsRejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => AnswerFormatNames.NameOf((AnswerFormat)42));
        Assert.StartsWith("unknown AnswerFormat", error.Message);
    }
}

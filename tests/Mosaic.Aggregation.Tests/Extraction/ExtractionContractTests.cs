using Mosaic.Aggregation.Extraction;

namespace Mosaic.Aggregation.Tests.Extraction;

/// <summary>Argument checks and edge inputs of the extraction entry points.</summary>
public sealed class ExtractionContractTests
{
    [Fact]
    public void Extract_LastOptionLetter_MustBeALetterAndEveryLetterIsAllowed()
    {
        Assert.Equal("A", AnswerExtractor.Extract("The answer is (A).", AnswerFormat.MultipleChoice, 'A'));
        Assert.Equal("Z", AnswerExtractor.Extract("The answer is (Z).", AnswerFormat.MultipleChoice, 'z'));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => AnswerExtractor.Extract("The answer is (A).", AnswerFormat.MultipleChoice, '@'));
        Assert.Equal("lastOptionLetter", error.ParamName);
        Assert.StartsWith("must be a letter", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => AnswerExtractor.Extract("x", AnswerFormat.Auto, '['));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Extract_NoText_FailsWithoutThrowing(string? text)
    {
        var result = AnswerExtractor.ExtractDetailed(text, AnswerFormat.Auto);
        Assert.Null(result.Answer);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public void Extract_UnknownFormat_IsRejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => AnswerExtractor.Extract("42", (AnswerFormat)42));
        Assert.StartsWith("unknown answer format", error.Message);
    }

    [Fact]
    public void ReasoningTrace_NullText_IsRejected()
    {
        Assert.Equal("text", Assert.Throws<ArgumentNullException>(() => ReasoningTrace.Strip(null!)).ParamName);
        Assert.Equal("text", Assert.Throws<ArgumentNullException>(() => ReasoningTrace.IsUnfinished(null!)).ParamName);
    }

    [Fact]
    public void ReasoningTrace_CloseAtTheVeryStart_KeepsWhatFollows()
    {
        Assert.Equal("The answer is 4.", ReasoningTrace.Strip("</think>The answer is 4."));
        Assert.Equal(string.Empty, ReasoningTrace.Strip("<THINK>never closed"));
        Assert.Equal("plain", ReasoningTrace.Strip("plain"));
    }

    [Fact]
    public void CanonicalizeNumber_Null_IsNull() =>
        Assert.Null(AnswerCanonicalizer.CanonicalizeNumber(null));
}

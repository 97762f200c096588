using Mosaic.Aggregation.Extraction;

namespace Mosaic.Aggregation.Tests.Extraction;

public sealed class ExpertVoteTests
{
    [Theory]
    [InlineData("The answer is 70.", false, "70")]
    [InlineData("The answer is 7", true, null)]
    [InlineData("The answer is 70. The answer is 70. The ans", true, null)]
    [InlineData("<think>still thinking", false, null)]
    [InlineData("no number here", false, null)]
    public void Of_OutputCutAtTheLimit_IsANonVote_ElseTheExtractedAnswer(string text, bool reachedTokenLimit, string? expected)
    {
        Assert.Equal(expected, ExpertVote.Of(text, reachedTokenLimit, AnswerFormat.Number));
    }
}

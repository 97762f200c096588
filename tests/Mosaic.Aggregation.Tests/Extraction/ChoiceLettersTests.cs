using Mosaic.Aggregation.Extraction;

namespace Mosaic.Aggregation.Tests.Extraction;

public sealed class ChoiceLettersTests
{
    [Theory]
    [InlineData("option C", 'C')]
    [InlineData("Choice  B", 'B')]
    [InlineData("(C)", 'C')]
    [InlineData("[ d]", 'D')]
    [InlineData("C is right", 'C')]
    [InlineData("I.", 'I')]
    [InlineData("I Am sure", 'I')]
    [InlineData("c.", 'C')]
    public void ReadAt_StatedLetter_IsRead(string text, char expected) =>
        Assert.Equal(expected, ChoiceLetters.ReadAt(text, 0, 'J'));

    [Theory]
    [InlineData("(C")]
    [InlineData("(C.")]
    [InlineData("C's")]
    [InlineData("C’s")]
    [InlineData("C-ring")]
    [InlineData("C_1")]
    [InlineData("Cx")]
    [InlineData("C2")]
    [InlineData("I think so")]
    [InlineData("a prime")]
    [InlineData("K")]
    public void ReadAt_LetterThatIsPartOfAWordOrUnclosed_IsNoLetter(string text) =>
        Assert.Null(ChoiceLetters.ReadAt(text, 0, 'J'));
}

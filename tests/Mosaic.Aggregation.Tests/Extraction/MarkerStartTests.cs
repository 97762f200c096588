using Mosaic.Aggregation.Extraction;

namespace Mosaic.Aggregation.Tests.Extraction;

public sealed class MarkerStartTests
{
    [Theory]
    [InlineData("so far 55\n</th", "</think>", 1, 4)]
    [InlineData("so far 55\n<", "</think>", 1, 1)]
    [InlineData("so far 55\n<", "</think>", 2, 0)] // a lone '<' is not yet a tag when two characters are asked for
    [InlineData("one two ST", "STOP", 1, 2)]
    [InlineData("one two STOP", "STOP", 1, 0)] // the whole marker is not a start of it: the text reached it
    [InlineData("x </THI", "</think>", 1, 5)]
    public void LengthAtEnd_TheLongestStartOfTheMarkerTheTextEndsWith(string text, string marker, int minimum, int length) =>
        Assert.Equal(length, MarkerStart.LengthAtEnd(text, marker, StringComparison.OrdinalIgnoreCase, minimum));
}

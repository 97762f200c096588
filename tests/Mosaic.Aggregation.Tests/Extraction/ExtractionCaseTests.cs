using Mosaic.Aggregation.Extraction;

namespace Mosaic.Aggregation.Tests.Extraction;

public sealed class ExtractionCaseTests
{
    [Fact]
    public void Table_HasAtLeastEightyCases() => Assert.True(ExtractionCases.All.Count() >= 80);

    [Theory]
    [MemberData(nameof(ExtractionCases.All), MemberType = typeof(ExtractionCases))]
    public void Extract_RealisticOutput_GivesCanonicalAnswer(string name, AnswerFormat format, string text, string? expected)
    {
        var actual = AnswerExtractor.Extract(text, format);
        Assert.True(expected == actual, $"{name}: expected {expected ?? "null"}, got {actual ?? "null"}");
    }
}

namespace Mosaic.Aggregation.Tests.Extraction;

public sealed class EvalDataFactAttributeTests
{
    [Theory]
    [InlineData(null, "true", true)]
    [InlineData(null, "True", true)]
    [InlineData(null, "1", true)]
    [InlineData(null, null, false)]
    [InlineData(null, "false", false)]
    [InlineData("/data/extract", "true", false)]
    public void CiFailure_EvalDataMissing_FailsOnlyInCi(string? directory, string? ci, bool fails)
    {
        var failure = EvalDataFactAttribute.CiFailure(directory, ci);

        Assert.Equal(fails, failure is not null);
        if (fails)
        {
            Assert.StartsWith("CI=true but ../shared/eval/extract not found", failure);
        }
    }
}

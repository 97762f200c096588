namespace Mosaic.Integration.Tests;

public sealed class PostgresFactAttributeTests
{
    [Theory]
    [InlineData(null, "true", true)]
    [InlineData(null, "TRUE", true)]
    [InlineData(null, "1", true)]
    [InlineData(null, null, false)]
    [InlineData(null, "false", false)]
    [InlineData("Host=db", "true", false)]
    public void CiFailure_DatabaseMissing_FailsOnlyInCi(string? connectionString, string? ci, bool fails)
    {
        var failure = PostgresFactAttribute.CiFailure(connectionString, ci);

        Assert.Equal(fails, failure is not null);
        if (fails)
        {
            Assert.StartsWith("CI=true but MOSAIC_TEST_POSTGRES is not set", failure);
        }
    }
}

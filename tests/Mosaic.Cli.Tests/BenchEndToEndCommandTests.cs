namespace Mosaic.Cli.Tests;

public sealed class BenchEndToEndCommandTests
{
    [Theory]
    [InlineData("--time-scale", "0")]
    [InlineData("--time-scale", "2")]
    [InlineData("--instance", "paper:nope")]
    public void BenchEndToEnd_BadOption_OneLineNamingItAndUsageExit(string option, string value)
    {
        var (exit, stdout, stderr) = CliRunner.Run("bench", "end-to-end", option, value, "--json");

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.Contains(option, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }
}

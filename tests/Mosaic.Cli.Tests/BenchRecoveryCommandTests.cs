namespace Mosaic.Cli.Tests;

/// <summary><c>mosaic bench recovery</c> argument errors (the run itself: Mosaic.Silo.Tests.RecoveryBenchmarkTests).</summary>
public sealed class BenchRecoveryCommandTests
{
    [Fact]
    public void BadTimeScale_IsOneLineAndExitCode2()
    {
        var (exit, stdout, stderr) = CliRunner.Run("bench", "recovery", "--time-scale", "0", "--json");

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Equal("error: the time scale must be in (0, 1], got 0", stderr.Trim());
    }

    [Fact]
    public void ShareRepeatedCallsFalse_IsAcceptedAsTheOptionsValue()
    {
        // "false" is the option's value, not a stray argument: the run reaches the options' own check.
        var (exit, stdout, stderr) = CliRunner.Run("bench", "recovery", "--share-repeated-calls", "false", "--questions", "0");

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Equal("error: the recovery benchmark needs at least 1 question, 0 kills and 2 silos (got 0, 3, 3)", stderr.Trim());
    }
}

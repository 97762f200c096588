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
}

using System.Text.Json;

namespace Mosaic.Cli.Tests;

/// <summary>A shortened <c>mosaic bench recovery</c>: three real silo processes, SIGKILLs under a running job, the client away.</summary>
public sealed class BenchRecoveryCommandTests
{
    [Fact]
    [Trait("Category", "Process")]
    public void Sqlite_TwoKills_EveryQuestionAnsweredOnceNothingRecomputedCompletedWithoutTheClient()
    {
        var (exit, stdout, stderr) = CliRunner.Run(
            "bench", "recovery", "--questions", "200", "--kills", "2", "--time-scale", "0.4", "--min-gap", "5", "--seed", "3", "--json");

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("sqlite", root.GetProperty("storage").GetString());
        Assert.Equal(2, root.GetProperty("kills").GetInt32());
        Assert.Equal(200, root.GetProperty("answered").GetInt32());
        Assert.Equal(0, root.GetProperty("answered_more_than_once").GetInt32());
        Assert.Equal(0, root.GetProperty("lost").GetInt32());
        Assert.Equal(0, root.GetProperty("expert_calls_recomputed").GetInt64());
        Assert.True(root.GetProperty("completed_without_client").GetBoolean());
        Assert.True(root.GetProperty("replans").GetInt32() >= root.GetProperty("kills_hitting_workers").GetInt32());
        Assert.True(root.GetProperty("jobs_silo_kills").GetInt32() >= 1, "the first kill is the job's silo");
        Assert.Contains("recovery: kill 1: SIGKILL", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void BadTimeScale_IsOneLineAndExitCode2()
    {
        var (exit, stdout, stderr) = CliRunner.Run("bench", "recovery", "--time-scale", "0", "--json");

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Equal("error: the time scale must be in (0, 1], got 0", stderr.Trim());
    }
}

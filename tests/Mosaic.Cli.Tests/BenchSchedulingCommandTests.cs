using System.Text.Json;

namespace Mosaic.Cli.Tests;

public sealed class BenchSchedulingCommandTests
{
    [Fact]
    public void Json_ReportsPaperRowsAndTheScalingTable()
    {
        var (exit, stdout, stderr) = CliRunner.Run(
            "bench", "scheduling", "--repeats", "1", "--experts", "6", "--workers", "4,8", "--time-limit-ms", "500", "--json");

        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        var paper = root.GetProperty("paper").EnumerateArray().ToArray();
        Assert.Equal(3, paper.Length);
        Assert.All(paper, row => Assert.True(row.GetProperty("speedup_vs_round_robin").GetDouble() >= row.GetProperty("paper_speedup").GetDouble()));
        var scaling = root.GetProperty("scaling").EnumerateArray().ToArray();
        Assert.Equal([4, 8], scaling.Select(r => r.GetProperty("workers").GetInt32()));
        Assert.All(scaling, row => Assert.True(row.GetProperty("ilp_over_lpt").GetDouble() <= 1.0));
        Assert.All(scaling, row => Assert.True(
            row.GetProperty("classic_lower_bound_s").GetDouble() <= row.GetProperty("lower_bound_s").GetDouble()
            && row.GetProperty("lower_bound_s").GetDouble() <= row.GetProperty("mosaic_s").GetDouble()));
        Assert.All(scaling, row => Assert.True(row.GetProperty("proven_bound_s").GetDouble() <= row.GetProperty("mosaic_s").GetDouble()));
    }
}

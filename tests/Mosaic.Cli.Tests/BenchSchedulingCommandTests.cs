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
        Assert.DoesNotContain("error", stderr, StringComparison.OrdinalIgnoreCase);
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

    [Fact]
    public void Table_IsMarkdown_EachTitleOnItsOwnLineBeforeItsTable()
    {
        var (exit, stdout, stderr) = CliRunner.Run(
            "bench", "scheduling", "--repeats", "1", "--experts", "6", "--workers", "4", "--time-limit-ms", "500");

        Assert.True(exit == 0, stderr);
        var lines = stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        foreach (var title in new[] { "paper instances (predicted makespan, s)", "ILP scaling (500 ms limit)" })
        {
            var at = Array.IndexOf(lines, title);
            Assert.True(at >= 0, $"no line '{title}' in:\n{stdout}");
            Assert.Equal("", lines[at + 1]);
            Assert.StartsWith("| ", lines[at + 2], StringComparison.Ordinal);
        }

        // every table line is one Markdown row: no cell wrapped onto a second line
        Assert.All(lines.Where(l => l.StartsWith('|')), l => Assert.EndsWith("|", l, StringComparison.Ordinal));
    }
}

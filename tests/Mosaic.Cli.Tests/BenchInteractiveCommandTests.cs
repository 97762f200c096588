using System.Text.Json;

namespace Mosaic.Cli.Tests;

/// <summary>
/// <c>mosaic bench interactive</c> on the emulated zoo: both phases run and report every question; which phase answers
/// faster is the benchmark's figure, not a test's (the ordering itself: EmulatedJobTests and SessionQueueTests).
/// </summary>
public sealed class BenchInteractiveCommandTests
{
    [Fact]
    public void SmallBatch_BothPhasesAnswerEveryQuestionAndTheBatch()
    {
        var config = RunCommandTests.EmulatedZooConfig(Path.GetDirectoryName(GanttRendererTests.Temp("x"))!, timeScale: 0.01);

        var (exit, stdout, stderr) = CliRunner.Run(
            "bench", "interactive", "--config", config, "--questions", "300", "--asked", "2", "--first-after", "0.2", "--interval", "0", "--json");

        Assert.True(exit == 0, stderr);
        var report = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal((300, 2), (report.GetProperty("batch_questions").GetInt32(), report.GetProperty("asked").GetInt32()));
        var phases = report.GetProperty("phases").EnumerateArray().ToArray();
        Assert.Equal([("first-come", "batch"), ("priority", "interactive")], phases.Select(p => (p.GetProperty("name").GetString(), p.GetProperty("asked_as").GetString())));
        Assert.All(phases, p =>
        {
            Assert.True(p.GetProperty("batch_completed").GetBoolean());
            var latencies = p.GetProperty("latency_seconds").EnumerateArray().Select(l => l.GetDouble()).ToArray();
            Assert.Equal(2, latencies.Length);
            Assert.All(latencies, l => Assert.True(l > 0));
            Assert.Equal(latencies.Max(), p.GetProperty("max_seconds").GetDouble());
        });
        Assert.Contains("interactive: priority: question 2 answered in", stderr);
    }

    [Theory]
    [InlineData("--questions", "0", "error: --questions must be positive, got 0")]
    [InlineData("--interval", "-1", "error: --interval must be 0 or more seconds, got -1")]
    public void BadNumbers_AreOneLineAndExitCode2(string option, string value, string expected)
    {
        var (exit, stdout, stderr) = CliRunner.Run("bench", "interactive", option, value);

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Equal(expected, stderr.Trim());
    }
}

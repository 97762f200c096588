using System.Text.Json;
using System.Text.RegularExpressions;

namespace Mosaic.Cli.Tests;

public sealed class DemoCommandTests
{
    private static readonly string[] Runs = ["baseline", "mosaic-paper", "mosaic-tau1", "mosaic-orleans"];

    /// <summary>
    /// A reduced demo (40 questions, two rounds) through the real grains: the contract object alone on stdout, every PNG a
    /// chart with one lane of bars per worker, one results line per question per run, the baseline answering exactly like
    /// the models called directly, and each run reporting its median round.
    /// </summary>
    [Fact]
    public void Demo_Json_KeepsTheContract()
    {
        var output = Path.GetDirectoryName(GanttRendererTests.Temp("x"))!;

        var (exit, stdout, stderr) = CliRunner.Run("demo", "--questions", "40", "--warm-up", "4", "--rounds", "2", "--out", output, "--json");

        Assert.True(exit == 0, stderr);
        foreach (var (name, round) in Runs.SelectMany(r => new[] { (r, 1), (r, 2) }))
        {
            // Progress for a log (stderr is not a terminal here): each run's last line says it answered every question.
            Assert.Matches(new Regex($@"(?m)^{Regex.Escape(name)} round {round} .*: 40/40 \(100%\), \d+\.\d s$"), stderr);
        }

        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("torchsharp", root.GetProperty("backend").GetString());
        Assert.Equal(40, root.GetProperty("questions").GetInt32());
        Assert.Equal(2, root.GetProperty("workers").GetInt32());
        Assert.Equal(2, root.GetProperty("rounds").GetInt32());
        Assert.Equal(Path.GetFullPath(output), root.GetProperty("output_dir").GetString());
        var direct = root.GetProperty("direct_accuracy").GetDouble();
        Assert.InRange(direct, 0.4, 1);
        Assert.Equal(root.ToString(), JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json"))).RootElement.ToString());

        var runs = root.GetProperty("runs").EnumerateArray().ToArray();
        Assert.Equal(Runs, runs.Select(r => r.GetProperty("name").GetString()));
        foreach (var run in runs)
        {
            Assert.InRange(run.GetProperty("accuracy").GetDouble(), 0, 1);
            Assert.InRange(run.GetProperty("skipped_fraction").GetDouble(), 0, 1);
            foreach (var field in new[] { "expert_stage_s", "end_to_end_s", "predicted_expert_stage_s" })
            {
                Assert.True(run.GetProperty(field).GetDouble() > 0, $"{run.GetProperty("name")}: {field}");
            }

            // The prediction is the plan less what early decisions are expected to cancel (only mosaic-orleans decides early
            // at τ = 2/3: mosaic-tau1's early decisions can never settle before the last answer), plus the slowest worker's
            // expected delay at the spread of the workers' speeds in the earlier jobs (none before any was observed).
            var planned = run.GetProperty("planned_makespan_s").GetDouble();
            var predicted = run.GetProperty("predicted_expert_stage_s").GetDouble();
            var forecastCancelled = run.GetProperty("forecast_cancelled_expert_calls").GetDouble();
            var spread = run.GetProperty("forecast_spread").GetDouble();
            Assert.InRange(spread, 0, 1);
            if (run.GetProperty("name").GetString() == "mosaic-orleans")
            {
                Assert.True(forecastCancelled > 0 && (spread > 0 || predicted <= planned), $"mosaic-orleans: predicted {predicted} s, planned {planned} s, {forecastCancelled} cancellations forecast");
            }
            else
            {
                Assert.Equal(0.0, forecastCancelled);
                Assert.True(spread > 0 ? predicted >= planned : predicted == planned, $"{run.GetProperty("name")}: predicted {predicted} s, planned {planned} s, spread {spread}");
            }

            // The plan's speeds are learned from the cluster's earlier jobs: a measurement, so only their range is the contract
            // (this demo's sessions are smaller than calibration observes, so there may be none).
            Assert.All(run.GetProperty("speed_factors").EnumerateObject(), f => Assert.InRange(f.Value.GetDouble(), 1 / 20.0, 20));
            // Two rounds: the reported one is the faster (the lower middle of two), and its figures are that round's.
            var endToEnd = run.GetProperty("end_to_end_s_by_round").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var ratios = run.GetProperty("realized_over_predicted_by_round").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            Assert.Equal(2, endToEnd.Length);
            Assert.Equal(2, ratios.Length);
            // The warm-up ran every expert on every worker, so no reported session is its model's first on its worker.
            Assert.Equal([0, 0], run.GetProperty("cold_expert_sessions_by_round").EnumerateArray().Select(e => e.GetInt32()));
            var reported = run.GetProperty("end_to_end_s").GetDouble();
            Assert.Equal(endToEnd.Min(), reported);
            // Two rounds can round to the same seconds: the reported ratio is one of theirs.
            Assert.Contains(run.GetProperty("realized_over_predicted").GetDouble(), ratios.Where((_, i) => endToEnd[i] == reported));
            Assert.True(run.GetProperty("aggregator_stage_s").GetDouble() >= 0);
            Assert.True(run.GetProperty("aggregator_calls").GetInt32() >= 0);
            Assert.True(run.GetProperty("cancelled_expert_calls").GetInt32() >= 0);
            Assert.False(string.IsNullOrEmpty(run.GetProperty("scheduler").GetString()));
            Assert.False(string.IsNullOrEmpty(run.GetProperty("gate").GetString()));
            var png = run.GetProperty("timeline_png").GetString()!;
            Assert.True(Png.HasSignature(png), png);
            using var bitmap = Png.Decode(png);
            var rows = Png.ColouredRows(bitmap, 150, bitmap.Width - 150).Where(y => y < bitmap.Height - 80).ToArray();
            Assert.Equal(2, Png.Bands(rows));
        }

        var baseline = runs[0];
        foreach (var run in runs)
        {
            // Median over median, from seconds printed to 0.01 s and a ratio printed to 0.001.
            var (b, r) = (baseline.GetProperty("end_to_end_s").GetDouble(), run.GetProperty("end_to_end_s").GetDouble());
            Assert.Equal(b / r, run.GetProperty("speedup_end_to_end").GetDouble(), (b + 0.005) / (r - 0.005) - b / r + 0.0005);
        }

        Assert.Equal("round-robin", baseline.GetProperty("scheduler").GetString());
        Assert.Equal(40, baseline.GetProperty("aggregator_calls").GetInt32());
        Assert.InRange(Math.Abs(baseline.GetProperty("accuracy").GetDouble() - direct), 0, 0.01);
        Assert.True(runs[3].GetProperty("aggregator_calls").GetInt32() < 40, "the gate should skip some aggregator calls");

        var lines = File.ReadAllLines(Path.Combine(output, "results.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(4 * 40, lines.Length);
        Assert.Equal(Runs, lines.Select(l => l.GetProperty("run").GetString()).Distinct());
        Assert.All(Runs, run => Assert.Equal(40, lines.Where(l => l.GetProperty("run").GetString() == run).Select(l => l.GetProperty("id").GetString()).Distinct().Count()));
        foreach (var line in lines)
        {
            Assert.Equal(3, line.GetProperty("experts").GetArrayLength());
            Assert.Equal(JsonValueKind.Object, line.GetProperty("gate").ValueKind);
            Assert.Equal(
                line.GetProperty("final_answer").ValueKind == JsonValueKind.String && line.GetProperty("final_answer").GetString() == line.GetProperty("gold").GetString(),
                line.GetProperty("correct").GetBoolean());
        }

        var accuracy = lines.Where(l => l.GetProperty("run").GetString() == "baseline").Average(l => l.GetProperty("correct").GetBoolean() ? 1.0 : 0.0);
        Assert.Equal(baseline.GetProperty("accuracy").GetDouble(), accuracy, 4);
    }

    [Theory]
    [InlineData("--rounds")]
    [InlineData("--questions")]
    [InlineData("--workers")]
    public void NonPositiveCount_GivesOneLineAndExitCode2(string option)
    {
        var (exit, stdout, stderr) = CliRunner.Run("demo", option, "0", "--out", Path.GetDirectoryName(GanttRendererTests.Temp("x"))!);

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Equal($"error: {option} must be at least 1, got 0", stderr.Trim()); // named all three until 2026-12-05
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}

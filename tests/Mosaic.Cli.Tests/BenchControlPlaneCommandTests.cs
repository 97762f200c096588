using System.Text.Json;

namespace Mosaic.Cli.Tests;

/// <summary>
/// <c>mosaic bench control-plane</c> end to end on its real in-process 4-silo cluster, at sizes small enough for a
/// test: every question answered once, each size answering as many questions as the largest (ten jobs of 300 against
/// one of 3,000), and a job's persisted state that does not grow with its question count.
/// </summary>
public sealed class BenchControlPlaneCommandTests
{
    [Fact]
    public void Json_TwoSizesTwoRepeats_EveryQuestionAnsweredOnceAndStateConstantInN()
    {
        var (exit, stdout, stderr) = CliRunner.Run("bench", "control-plane", "--questions", "300,3000", "--repeats", "2", "--json");

        Assert.True(exit == 0, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(4, root.GetProperty("silos").GetInt32());
        Assert.Equal(2, root.GetProperty("repeats").GetInt32());
        var runs = root.GetProperty("runs").EnumerateArray().ToArray();
        Assert.Equal([300, 3000], runs.Select(r => r.GetProperty("questions").GetInt32()));
        Assert.Equal([10, 1], runs.Select(r => r.GetProperty("jobs").GetInt32()));
        Assert.All(runs, run =>
        {
            Assert.True(run.GetProperty("all_answered_once").GetBoolean());
            Assert.True(run.GetProperty("questions_per_s").GetDouble() > 0);
            // Totals over the run's jobs: 3,000 questions either way, some of which reach the aggregator.
            Assert.InRange(run.GetProperty("aggregator_calls").GetInt32(), 300, 2999);
            Assert.True(run.GetProperty("cancelled_expert_calls").GetInt32() > 0);
            Assert.True(run.GetProperty("allocated_bytes_per_question").GetInt64() > 0);
            Assert.True(run.GetProperty("gc_pause_s").GetDouble() >= 0);
            // Every job plans at submit: the solver's time is part of the submit time, which is part of the run.
            var submit = run.GetProperty("submit_s").GetDouble();
            var solve = run.GetProperty("plan_solve_ms").GetDouble();
            Assert.True(solve > 0, $"plan_solve_ms {solve}");
            Assert.InRange(solve / 1000, 0, submit + 0.001);
            Assert.InRange(submit, 0, run.GetProperty("cluster_s").GetDouble());
        });
        var stateBytes = runs.Select(r => r.GetProperty("job_state_bytes").GetInt32()).ToArray();
        // The state holds counters whose digits grow with N (varint encoding), never a per-question entry.
        Assert.InRange(stateBytes[1] - stateBytes[0], 0, 16);
        foreach (var ratio in new[] { "us_per_question_largest_over_smallest", "cpu_us_per_question_largest_over_smallest" })
        {
            Assert.True(root.GetProperty(ratio).GetDouble() > 0, ratio);
        }

        // At these sizes the overhead over the direct work (which includes a plan solve) can come out at or below zero
        // on a loaded machine; the ratio is then null rather than a meaningless number.
        var overhead = root.GetProperty("overhead_us_per_question_largest_over_smallest");
        Assert.True(overhead.ValueKind == JsonValueKind.Null || overhead.GetDouble() > 0, overhead.ToString());

        Assert.Contains("10 jobs of 300 questions, run 2 of 2", stderr);
        Assert.Contains("3,000 questions, run 2 of 2", stderr);
    }

    [Theory]
    [InlineData("--repeats", "0", "--repeats takes a positive whole number, got 0")]
    [InlineData("--questions", "100,x", "--questions takes positive whole numbers, got 'x'")]
    public void BadOption_OneLineAndExitCode2(string option, string value, string message)
    {
        var (exit, _, stderr) = CliRunner.Run("bench", "control-plane", option, value);

        Assert.Equal(2, exit);
        Assert.Equal($"error: {message}", stderr.Trim());
    }
}

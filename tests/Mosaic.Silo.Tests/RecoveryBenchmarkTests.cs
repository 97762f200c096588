using Mosaic.Benchmarks;

namespace Mosaic.Silo.Tests;

/// <summary>
/// A shortened <c>mosaic bench recovery</c> on PostgreSQL: three real silo processes, the job's silo and the oldest
/// silo SIGKILLed under a running job and restarted, the client away until the job has ended; repeated calls shared,
/// as the service's pools run them.
/// </summary>
public sealed class RecoveryBenchmarkTests
{
    [PostgresFact]
    [Trait("Category", "Process")]
    public async Task Postgres_TwoKills_EveryQuestionAnsweredOnceNothingRecomputedCompletedWithoutTheClient()
    {
        var lines = new List<string>();
        var options = new RecoveryOptions
        {
            Questions = 200,
            Kills = 2,
            Connection = PostgresFactAttribute.ConnectionString,
            TimeScale = 0.3,
            MinimumGap = TimeSpan.FromSeconds(3),
            Seed = 3,
            Timeout = TimeSpan.FromMinutes(10),
        };

        var report = await RecoveryBenchmark.RunAsync(options, new Lines(lines));

        // Kills come at seeded fractions of the answered questions, each after the previous silo is active again: on a
        // loaded machine a restart can outlast the job, so the second kill may not happen; the first always does.
        var log = string.Join("\n", lines);
        Assert.True(report.Status == "completed", $"job ended {report.Status}\n{log}");
        Assert.True(report.Kills >= 1, $"no kill landed\n{log}");
        Assert.True(report.KillsHittingWorkers == report.Kills, $"every kill must land while the job runs\n{log}");
        Assert.True(report.JobsSiloKills >= 1, $"the first kill is the job's silo\n{log}");
        Assert.Equal(200, report.Answered);
        Assert.Equal(0, report.AnsweredMoreThanOnce);
        Assert.Equal(0, report.Lost);
        Assert.Equal(0, report.ExpertCallsRecomputed);
        Assert.True(report.ShareRepeatedCalls, "the benchmark runs the service's default: repeated calls shared");
        Assert.True(report.SharedSlots > 0, $"no question repeated an expert\n{log}");
        Assert.Equal(0, report.SharedSlotsUnlikeTheirCall);
        Assert.True(report.CompletedWithoutClient, log);
        Assert.True(report.Replans >= report.KillsHittingWorkers, $"{report.Replans} re-plans for {report.KillsHittingWorkers} kills\n{log}");
    }

    private sealed class Lines(List<string> lines) : IProgress<string>
    {
        public void Report(string value)
        {
            lock (lines)
            {
                lines.Add(value);
            }
        }
    }
}

using Mosaic.Abstractions.Jobs;

namespace Mosaic.Deploy.Tests;

/// <summary>
/// The multi-process deployment as infra/scripts/local-cluster.sh starts it: three silo processes clustering through
/// PostgreSQL. The silo running a job is SIGKILLed mid-run and restarted; the job finishes with every question
/// answered exactly once.
/// </summary>
public sealed class LocalClusterTests
{
    [PostgresFact]
    public async Task LocalCluster_JobSiloKilledMidRunAndRestarted_EveryQuestionAnsweredExactlyOnce()
    {
        await using var cluster = new LocalCluster(PostgresFactAttribute.ConnectionString!, silos: 3, new Dictionary<string, string> { ["Mosaic__TimeScale"] = "0.1" });
        var up = await cluster.UpAsync();
        Assert.True(up.Code == 0, up.Output);
        Assert.Equal(3, up.Output.Split('\n').Count(l => l.StartsWith("gpu", StringComparison.Ordinal) && l.Contains(" ready ")));
        await using var client = await OrleansClient.PostgresAsync(PostgresFactAttribute.ConnectionString!, cluster.ClusterId);
        var spec = TestJobs.MultipleChoice(90, seed: 5);

        var id = await client.SubmitAsync(spec);
        var victim = cluster.SiloThatAccepted(id) ?? throw new InvalidOperationException($"no silo logged that it accepted {id}");
        var before = await client.WaitAsync(id, r => r.Answered >= 5, TimeSpan.FromMinutes(2));
        Assert.Equal(JobStatus.Running, before.Status);
        Assert.InRange(before.Answered, 5, 80);
        cluster.Kill(victim);
        var restarted = await cluster.StartSiloAsync(victim);
        Assert.True(restarted.Code == 0, restarted.Output);
        var report = await client.WaitAsync(id, r => r.Status != JobStatus.Running, TimeSpan.FromMinutes(4));
        var results = await client.ResultsAsync(id);

        Assert.Equal(JobStatus.Completed, report.Status);
        Assert.Equal(90, report.Answered);
        Assert.Equal(spec.Questions.Select(q => q.Id), results.Select(r => r.QuestionId));
        Assert.All(results, r => Assert.NotNull(r.FinalAnswer));
        Assert.True(report.Generation >= 2, $"the job should have resumed in a new generation, got {report.Generation}");
        Assert.True(report.Replans >= 1);
        var resumed = Enumerable.Range(0, cluster.Silos).SelectMany(cluster.LogEntries).Where(e => e.Job == id && e.Message.Contains(" resumes: ", StringComparison.Ordinal));
        Assert.NotEmpty(resumed);
        var status = await cluster.StatusAsync();
        Assert.Equal(3, status.Output.Split('\n').Count(l => l.StartsWith("gpu", StringComparison.Ordinal) && l.Contains(" ready ")));
    }
}

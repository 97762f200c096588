using System.ClientModel;
using System.Text.Json;
using Mosaic.Abstractions.Jobs;
using Mosaic.Testing;
using OpenAI;

namespace Mosaic.Deploy.Tests;

/// <summary>
/// The multi-process deployment as infra/scripts/local-cluster.sh starts it: three silo processes clustering through
/// PostgreSQL and the HTTP gateway. The silo running a job (submitted by an Orleans client, or a batch created through
/// the gateway with the OpenAI SDK) is SIGKILLed mid-run and restarted; the job finishes with every question answered
/// exactly once.
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

    [PostgresFact]
    public async Task LocalCluster_GatewayKilledMidAnswer_TheSilosCancelItsChatJobWithinTheLease()
    {
        // Emulated calls four times the profiles' length: the question runs for many seconds, far past a 1 s lease.
        await using var cluster = new LocalCluster(PostgresFactAttribute.ConnectionString!, silos: 2, new Dictionary<string, string>
        {
            ["Mosaic__TimeScale"] = "4",
            ["Mosaic__Gateway__ChatWatchLease"] = "00:00:01",
        });
        var up = await cluster.UpAsync();
        Assert.True(up.Code == 0, up.Output);
        Assert.Contains(up.Output.Split('\n'), l => l.StartsWith("gateway", StringComparison.Ordinal) && l.Contains(" ready "));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{cluster.HttpPort}/v1/"), Timeout = TimeSpan.FromMinutes(2) };

        var asking = http.PostAsync("chat/completions", new StringContent(
            """{"model": "mosaic", "messages": [{"role": "user", "content": "Which option is correct? (A) one (B) two (C) three (D) four"}]}""",
            System.Text.Encoding.UTF8, "application/json"));
        var (job, _) = await cluster.NextAcceptedAsync(new HashSet<string>(), TimeSpan.FromSeconds(60));
        Assert.StartsWith("chatcmpl-", job, StringComparison.Ordinal);
        cluster.KillGateway();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => asking);

        // No client watches the job now: the silos cancel it after the lease, long before its calls would have ended.
        var entries = await LogEntriesAsync(cluster, job, e => e.Format.StartsWith("Job {Job} {Status}", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Contains(entries, e => e.Format.StartsWith("Job {Job}: no client watched it", StringComparison.Ordinal));
        var ended = Assert.Single(entries, e => e.Format.StartsWith("Job {Job} {Status}", StringComparison.Ordinal));
        Assert.Contains($"Job {job} Cancelled: 0/1 answered", ended.Message, StringComparison.Ordinal);
        Assert.Contains("no client watched the job for 1 s", ended.Message, StringComparison.Ordinal);
    }

    /// <summary>The silos' log entries of <paramref name="job"/> once one of them satisfies <paramref name="until"/>.</summary>
    private static async Task<IReadOnlyList<(string Job, string Format, string Message)>> LogEntriesAsync(
        LocalCluster cluster, string job, Func<(string Job, string Format, string Message), bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var entries = Enumerable.Range(0, cluster.Silos).SelectMany(cluster.LogEntries).Where(e => e.Job == job).ToArray();
            if (entries.Any(until))
            {
                return entries;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the silos logged no end of job {job} within {timeout.TotalSeconds} s: {string.Join(" | ", entries.Select(e => e.Message))}");
            await Task.Delay(200);
        }
    }

    [PostgresFact]
    public async Task LocalCluster_BatchJobSiloKilledMidRunAndRestarted_EveryCustomIdExactlyOnce()
    {
        const int lines = 50;
        await using var cluster = new LocalCluster(PostgresFactAttribute.ConnectionString!, silos: 3, new Dictionary<string, string> { ["Mosaic__TimeScale"] = "0.1" });
        var up = await cluster.UpAsync();
        Assert.True(up.Code == 0, up.Output);
        Assert.Contains(up.Output.Split('\n'), l => l.StartsWith("gateway", StringComparison.Ordinal) && l.Contains(" ready "));
        var customIds = Enumerable.Range(0, lines).Select(i => $"line-{i:00}").ToArray();
        // The local cluster's gateway runs in Development without API keys; the SDK still wants a credential.
        var openai = new OpenAIClient(new ApiKeyCredential("local"), new OpenAIClientOptions { Endpoint = new Uri($"http://127.0.0.1:{cluster.HttpPort}/v1") });
        var content = string.Join('\n', customIds.Select((id, i) => BatchFiles.Request(id, "mosaic", $"Question {i}: which option is correct? (A) one (B) two (C) three (D) four"))) + "\n";
        var batch = await BatchFiles.CreateAsync(openai, await BatchFiles.UploadAsync(openai, content));
        var batchId = (await BatchFiles.GetAsync(batch)).GetProperty("id").GetString()!;

        var victim = cluster.SiloThatAccepted(batchId) ?? throw new InvalidOperationException($"no silo logged that it accepted the job of {batchId}");
        var before = await BatchFiles.PollAsync(batch, b => BatchFiles.Completed(b) >= 3, seconds: 120, retryServerErrors: true);
        Assert.Equal("in_progress", BatchFiles.Status(before));
        Assert.InRange(BatchFiles.Completed(before), 3, lines - 10);
        cluster.Kill(victim);
        var restarted = await cluster.StartSiloAsync(victim);
        Assert.True(restarted.Code == 0, restarted.Output);
        var done = await BatchFiles.PollAsync(batch, BatchFiles.Ended, seconds: 240, retryServerErrors: true);

        Assert.Equal("completed", BatchFiles.Status(done));
        Assert.Equal(lines, BatchFiles.Completed(done));
        Assert.Equal(0, done.GetProperty("request_counts").GetProperty("failed").GetInt32());
        var output = await BatchFiles.DownloadLinesAsync(openai, done.GetProperty("output_file_id").GetString()!);
        var answered = output.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(customIds, answered.Select(a => a.GetProperty("custom_id").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(answered, a => Assert.Equal(200, a.GetProperty("response").GetProperty("status_code").GetInt32()));
        var resumed = Enumerable.Range(0, cluster.Silos).SelectMany(cluster.LogEntries).Where(e => e.Job == batchId && e.Message.Contains(" resumes: ", StringComparison.Ordinal));
        Assert.NotEmpty(resumed);
    }
}

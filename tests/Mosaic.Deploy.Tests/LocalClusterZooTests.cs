using System.ClientModel;
using System.Text.Json;
using Mosaic.Abstractions.Jobs;
using Mosaic.Testing;
using OpenAI;
using Mosaic.Zoo.Tasks;
using Xunit.Abstractions;

namespace Mosaic.Deploy.Tests;

/// <summary>
/// The shipped zoo's real TorchSharp models served by silo processes as a user starts them
/// (<c>local-cluster.sh up --pool models/zoo/pool.json</c>: two silos, ADO.NET clustering and storage on PostgreSQL)
/// and asked through <c>mosaic run --cluster</c>, the CLI as an Orleans client in its own process. The same batch runs
/// twice: undisturbed, then with the silo that accepted its job SIGKILLed mid-run and restarted. Greedy decoding
/// makes the answers a function of the questions, so the second run must give every question the first run's answer;
/// so must a third, during which every silo is killed at once and started again.
/// The script's gateway is then <c>mosaic serve --cluster</c> serving the pool file, and the official OpenAI SDK runs
/// the batch through it.
/// </summary>
public sealed class LocalClusterZooTests(ITestOutputHelper output)
{
    private const int Questions = 300;

    [PostgresFact]
    public async Task ShippedZooOnSiloProcesses_JobSiloKilledMidRun_AnswersAsUndisturbed()
    {
        await using var cluster = new LocalCluster(PostgresFactAttribute.ConnectionString!, silos: 2, pool: Repository.ZooPoolFile);
        var up = await cluster.UpAsync();
        Assert.True(up.Code == 0, up.Output);
        Assert.Contains("pool: ", up.Output);
        Assert.Contains(up.Output.Split('\n'), l => l.StartsWith("gateway", StringComparison.Ordinal) && l.Contains(" ready "));
        var (requests, gold) = Requests(cluster.Folder);
        await using var client = await OrleansClient.PostgresAsync(PostgresFactAttribute.ConnectionString!, cluster.ClusterId);

        var undisturbed = MosaicRun.Start(cluster, Repository.ZooPoolFile, requests, Path.Combine(cluster.Folder, "undisturbed.jsonl"));
        var first = await undisturbed.WaitAsync(TimeSpan.FromMinutes(4));
        Assert.True(first.Code == 0, first.Stderr);
        var expected = undisturbed.FinalAnswers();
        var accuracy = Accuracy(expected, gold);
        output.WriteLine($"undisturbed: {accuracy:P1} of {Questions} right");
        // Far above chance: a silo whose models do not run (libtorch not loading, every call failing) answers nothing.
        Assert.True(accuracy > 0.5, $"the zoo answered {accuracy:P0} through the silo processes");

        var known = cluster.Accepted().Select(a => a.Job).ToHashSet(StringComparer.Ordinal);
        var killed = MosaicRun.Start(cluster, Repository.ZooPoolFile, requests, Path.Combine(cluster.Folder, "killed.jsonl"));
        var (job, victim) = await cluster.NextAcceptedAsync(known, TimeSpan.FromMinutes(2));
        var before = await client.WaitAsync(job, r => r.Answered >= 20, TimeSpan.FromMinutes(2));
        Assert.Equal(JobStatus.Running, before.Status);
        Assert.InRange(before.Answered, 20, Questions - 20);
        cluster.Kill(victim);
        var restarted = await cluster.StartSiloAsync(victim);
        Assert.True(restarted.Code == 0, restarted.Output);
        var second = await killed.WaitAsync(TimeSpan.FromMinutes(4));
        Assert.True(second.Code == 0, second.Stderr);
        var report = await client.ReportAsync(job, TimeSpan.FromSeconds(30));

        Assert.Equal(JobStatus.Completed, report.Status);
        Assert.True(report.Generation >= 2, $"the job should have resumed in a new generation, got {report.Generation}");
        var answers = killed.FinalAnswers();
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), answers.Keys.Order(StringComparer.Ordinal));
        var differ = expected.Keys.Where(id => expected[id] != answers[id]).ToArray();
        Assert.True(differ.Length == 0, $"{differ.Length} answers differ from the undisturbed run, e.g. {string.Join(", ", differ.Take(5))}");
        // The client follows the job to its new silo; it must not sit out the 30 s response timeout of a call to the dead one.
        var lag = killed.Exited - report.FinishedAt!.Value.UtcDateTime;
        output.WriteLine($"killed silo {victim} at {before.Answered} answered; generation {report.Generation}, {report.Replans} re-plans; mosaic run ended {lag.TotalSeconds:0.0} s after the job");
        Assert.True(lag < TimeSpan.FromSeconds(20), $"mosaic run ended {lag.TotalSeconds:0} s after its job finished");

        // Every silo killed at once, then started again: the job is durable and resumes, and mosaic run waits for the
        // silos (--cluster-patience) instead of exiting a second after the kill with the answers left to nobody.
        known = cluster.Accepted().Select(a => a.Job).ToHashSet(StringComparer.Ordinal);
        var outage = MosaicRun.Start(cluster, Repository.ZooPoolFile, requests, Path.Combine(cluster.Folder, "outage.jsonl"));
        var (outageJob, _) = await cluster.NextAcceptedAsync(known, TimeSpan.FromMinutes(2));
        await client.WaitAsync(outageJob, r => r.Answered >= 20, TimeSpan.FromMinutes(2));
        cluster.Kill(0);
        cluster.Kill(1);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var starts = await Task.WhenAll(cluster.StartSiloAsync(0), cluster.StartSiloAsync(1));
        Assert.All(starts, start => Assert.True(start.Code == 0, start.Output));
        var third = await outage.WaitAsync(TimeSpan.FromMinutes(4));
        Assert.True(third.Code == 0, third.Stderr);
        var afterOutage = outage.FinalAnswers();
        var outageDiffer = expected.Keys.Where(id => expected[id] != afterOutage.GetValueOrDefault(id)).ToArray();
        Assert.True(outageDiffer.Length == 0, $"{outageDiffer.Length} answers differ after every silo was killed, e.g. {string.Join(", ", outageDiffer.Take(5))}");

        // The script's front door for the same silos, `mosaic serve --cluster` serving the pool file, and the official
        // OpenAI SDK's batch API. Both name a file's questions by line, so the router draws the same experts: the
        // gateway must give every question mosaic run's answer.
        var openai = new OpenAIClient(new ApiKeyCredential("local"), new OpenAIClientOptions { Endpoint = new Uri($"http://127.0.0.1:{cluster.HttpPort}/v1") });
        var batch = await BatchFiles.CreateAsync(openai, await BatchFiles.UploadAsync(openai, File.ReadAllText(requests)));
        var done = await BatchFiles.PollAsync(batch, BatchFiles.Ended, seconds: 240);
        Assert.Equal("completed", BatchFiles.Status(done));
        var lines = (await BatchFiles.DownloadLinesAsync(openai, done.GetProperty("output_file_id").GetString()!)).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), lines.Select(l => l.GetProperty("custom_id").GetString()!).Order(StringComparer.Ordinal));
        var served = lines.ToDictionary(
            l => l.GetProperty("custom_id").GetString()!,
            l => l.GetProperty("response").GetProperty("body").GetProperty("mosaic").GetProperty("final_answer").GetString());
        output.WriteLine($"through mosaic serve --cluster and the OpenAI SDK: {Accuracy(served, gold):P1} right");
        var servedDiffer = expected.Keys.Where(id => expected[id] != served[id]).ToArray();
        Assert.True(servedDiffer.Length == 0, $"{servedDiffer.Length} answers of the gateway differ from mosaic run's, e.g. {string.Join(", ", servedDiffer.Take(5))}");
    }

    /// <summary>Every n-th question of the zoo's test split as OpenAI Batch lines for the MoA model, and their gold answers.</summary>
    private static (string Path, IReadOnlyDictionary<string, string> Gold) Requests(string folder)
    {
        var test = ZooDataset.Default.Test;
        var questions = test.Where((_, i) => i % (test.Count / Questions) == 0).Take(Questions).ToArray();
        var path = Path.Combine(folder, "requests.jsonl");
        File.WriteAllLines(path, questions.Select(q => BatchFiles.Request(q.Id, "mosaic", q.Text)));
        return (path, questions.ToDictionary(q => q.Id, q => q.Answer, StringComparer.Ordinal));
    }

    private static double Accuracy(IReadOnlyDictionary<string, string?> answers, IReadOnlyDictionary<string, string> gold) =>
        answers.Count(a => a.Value == gold[a.Key]) / (double)gold.Count;
}

using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation.Extraction;
using Mosaic.Aggregation.Gating;
using Mosaic.Client;
using Mosaic.Grains.Hosting;
using Mosaic.Scheduling;
using Orleans.TestingHost;

namespace Mosaic.Integration.Tests;

/// <summary>A streaming job's texts through a four-worker cluster, one of whose workers dies mid-call.</summary>
public sealed class StreamingJobTests
{
    private const string Slow = "Slow";

    [Fact]
    public async Task StreamingJob_WorkerKilledMidCall_EveryTextMadeUpBeginsItsCallsFinishedText()
    {
        await using var cluster = ClusterFactory.Build(4, worker => new MosaicGrainsOptions
        {
            Worker = worker,
            Backend = BackendKind.Emulated,
            TimeScale = 0.1,
            PlanTimeLimitMs = 2000,
            Experts = new Dictionary<string, ExpertOptions>(StringComparer.Ordinal)
            {
                // About three seconds a call, a tenth of a second to load: the ILP spreads eight calls over the four workers.
                [Slow] = new() { Kind = ExpertKind.Reasoning, LoadSeconds = 1, PerPromptSeconds = 30, MeanOutputTokens = 3000 },
            },
        });
        await cluster.DeployAsync();
        await ClusterFactory.WaitForWorkersAsync(cluster, 4);
        var client = new MosaicClient(cluster.Client);
        var questions = Enumerable.Range(0, 8).Select(i => new QuestionSpec($"q{i}", $"Question {i}: (A) one (B) two", [Slow], null, "A")).ToArray();
        var id = await client.SubmitAsync(new JobSpec(questions, [Slow], null, GateSpec.Off, SchedulerKind.Mosaic, AnswerFormat.MultipleChoice) { StreamText = true });
        var plan = (await client.GetPlanAsync(id))!;
        var jobSilo = await SiloOfJobAsync(cluster, id);
        var victim = cluster.Silos.First(s => s.SiloAddress != jobSilo && s.SiloAddress != cluster.Silos[0].SiloAddress
            && plan.Workers.Single(w => w.Worker == ClusterFactory.WorkerOf(s.Name)).Sessions.Count > 0);

        // Each call's text as the events so far make it up, after every event that extended it.
        var seen = new List<(string QuestionId, int Slot, string Text, bool AfterKill)>();
        var texts = new CallTextAssembly();
        var killed = false;
        var firstText = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = client.WaitForCompletionAsync(id, progress =>
        {
            lock (seen)
            {
                texts.Add(progress.Texts);
                seen.AddRange((progress.Texts ?? []).Select(t => (t.QuestionId, t.Slot!.Value, texts.TextOf(t.QuestionId, t.Slot)!, Volatile.Read(ref killed))));
                if (seen.Any(s => s.Text.Length > 0))
                {
                    firstText.TrySetResult();
                }
            }
        }, new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token);
        await firstText.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await cluster.KillSiloAsync(victim);
        Volatile.Write(ref killed, true);
        var report = await waiting;
        var results = (await client.GetResultsAsync(id)).ToDictionary(r => r.QuestionId);

        Assert.True(report.Status == JobStatus.Completed, $"job ended {report.Status}: {report.Error}");
        Assert.True(report.Replans >= 1, "the dead worker's calls should have been planned again");
        // Whichever worker and generation wrote a text, it is the start of its call's finished text.
        Assert.All(seen, s => Assert.StartsWith(s.Text, results[s.QuestionId].ExpertCalls[s.Slot].Text, StringComparison.Ordinal));
        Assert.Contains(seen, s => s.AfterKill && s.Text.Length > 0);
        Assert.True(seen.Select(s => s.QuestionId).Distinct().Count() >= 2, "the calls of several questions streamed");
    }

    private static async Task<SiloAddress> SiloOfJobAsync(InProcessTestCluster cluster, string jobId)
    {
        var statistics = await cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return statistics.Single(s => s.GrainId.Type.ToString() == "mosaic.job" && s.GrainId.Key.ToString() == jobId).SiloAddress;
    }
}

using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Aggregation.Extraction;
using Mosaic.Client;
using Mosaic.Grains.Devices;
using Mosaic.Grains.Hosting;
using Mosaic.Scheduling;
using Orleans.TestingHost;

namespace Mosaic.Integration.Tests;

/// <summary>
/// One worker running long batch calls on one model when a question needs another: the batch calls are stopped after
/// the eviction bound and start over once the question is answered, instead of the question waiting for all of them.
/// </summary>
public sealed class BatchEvictionTests : IAsyncLifetime
{
    private const string Long = "LongBatch";
    private const string Quick = "Quick";
    private const int BatchQuestions = 8;

    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = ClusterFactory.Build(1, worker =>
        {
            // At this time scale a load takes 0.5 s, a call of Long about 2 s, and the worker's eight together about 16 s
            // (the emulated GPU runs them one after another); a call of Quick about 0.03 s.
            var options = TestProfiles.Emulated(worker, timeScale: 0.05);
            options.Experts[Long] = new ExpertOptions { Kind = ExpertKind.Reasoning, LoadSeconds = 10, PerPromptSeconds = 40, MeanOutputTokens = 2000 };
            options.Experts[Quick] = new ExpertOptions { Kind = ExpertKind.Instruct, LoadSeconds = 10, PerPromptSeconds = 0.5, MeanOutputTokens = 100 };
            options.EvictBatchCallsAfterSeconds = 0.5;
            return options;
        });
        await _cluster.DeployAsync();
        await ClusterFactory.WaitForWorkersAsync(_cluster, 1);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task QuestionNeedingAnotherModel_IsAnsweredWithinSeconds_AndTheEvictedBatchCallsStartOverAndAnswer()
    {
        var client = new MosaicClient(_cluster.Client);
        var worker = _cluster.Client.GetGrain<IWorkerGrain>("gpu0");
        var batch = JobSpec.OneExpert(Questions("b", BatchQuestions, Long), Long, SchedulerKind.Mosaic, AnswerFormat.MultipleChoice, maxNewTokens: null, overlapStages: false)
            with { Priority = JobPriority.Batch };
        var question = JobSpec.OneExpert(Questions("c", 1, Quick), Quick, SchedulerKind.Mosaic, AnswerFormat.MultipleChoice, maxNewTokens: null, overlapStages: false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var batchId = await client.SubmitAsync(batch);
        while ((await worker.GetStatusAsync()).Running < BatchQuestions)
        {
            await Task.Delay(20, timeout.Token);
        }

        var asked = DateTimeOffset.UtcNow;
        var questionId = await client.SubmitAsync(question);
        var answered = await client.WaitForCompletionAsync(questionId, timeout.Token);
        var waited = DateTimeOffset.UtcNow - asked;
        var batchReport = await client.WaitForCompletionAsync(batchId, timeout.Token);
        var batchResults = await client.GetResultsAsync(batchId);
        var status = await worker.GetStatusAsync();

        Assert.Equal((JobStatus.Completed, JobStatus.Completed), (answered.Status, batchReport.Status));
        // Without eviction the question waits for the eight batch calls to end (about 16 s).
        Assert.True(waited < TimeSpan.FromSeconds(6), $"answered {waited.TotalSeconds:0.0} s after it was asked");
        Assert.True(status.EvictedCalls >= 1, $"{status.EvictedCalls} evicted calls");
        Assert.Equal(BatchQuestions, batchResults.Count);
        Assert.All(batchResults, r => Assert.Equal(CallStatus.Completed, r.ExpertCalls.Single().Status));
        Assert.Equal(0, batchReport.CancelledExpertCalls);
    }

    private static QuestionSpec[] Questions(string prefix, int count, string expert) =>
        [.. Enumerable.Range(0, count).Select(i => new QuestionSpec($"{prefix}{i}", $"Question {i}: (A) one (B) two (C) three (D) four", [expert], Gold: "A"))];
}

using Mosaic.Samples.OpenAi;
using Mosaic.Samples.OrleansClient;

namespace Mosaic.Gateway.Tests;

/// <summary>The two samples, run against the served cluster: what CI runs to keep them working.</summary>
[Collection(GatewayCollection.Name)]
public sealed class SampleTests(GatewayFixture fixture)
{
    [Fact]
    public async Task OrleansClientSample_SubmitsWatchesAndReadsEveryResultPaged()
    {
        var output = new StringWriter();

        var summary = await OrleansClientSample.RunAsync(fixture.Cluster.Mosaic, new SampleOptions { Experts = TestPool.Fast, Aggregator = TestPool.Aggregator, Questions = 12, PageSize = 5 }, output);

        Assert.Equal((12, 12, 3), (summary.Questions, summary.Answered, summary.Pages));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"q{i:000}"), summary.Results.Select(r => r.QuestionId));
        Assert.True(summary.ProgressEvents >= 1);
        Assert.Contains("cluster: 2 workers (gpu0, gpu1)", output.ToString());
        Assert.NotNull(summary.Report.Accuracy);
    }

    [Fact]
    public async Task OpenAiSample_ModelsChatStreamingAndABatch()
    {
        var output = new StringWriter();

        var summary = await OpenAiSample.RunAsync(new Uri(fixture.Gateway.BaseUrl, "v1"), GatewayFixture.ApiKey, "mosaic", output);

        Assert.Contains("mosaic", summary.Models);
        Assert.Contains("The answer is", summary.ChatAnswer);
        Assert.Contains("The answer is", summary.StreamedAnswer);
        Assert.True(summary.StreamedChunks >= 3);
        Assert.Equal("completed", summary.BatchStatus);
        Assert.Equal(["sample-1", "sample-2", "sample-3", "sample-4", "sample-5"], summary.OutputCustomIds.Order());
    }
}

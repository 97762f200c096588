using System.Text.Json;
using Mosaic.Storage.Batches;
using Mosaic.Testing;

namespace Mosaic.Gateway.Tests;

/// <summary>A batch outlives the gateway that created it: any other gateway finishes it, once.</summary>
[Collection(GatewayCollection.Name)]
public sealed class BatchRestartTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Batch_CreatingGatewayStopsMidRun_TwoOtherGatewaysFinishItOnce()
    {
        string batchId;
        await using (var first = await fixture.StartGatewayAsync(o => o.BatchScanInterval = TimeSpan.Zero))
        {
            using var http = first.Http();
            var openai = new OpenAI.OpenAIClient(new System.ClientModel.ApiKeyCredential(GatewayFixture.ApiKey), new OpenAI.OpenAIClientOptions { Endpoint = new Uri(first.BaseUrl, "v1") });
            var batch = await BatchFiles.CreateAsync(openai, await BatchFiles.UploadAsync(openai, BatchFiles.Questions(60, TestPool.Slow, "restart")));
            var created = await BatchFiles.GetAsync(batch);
            batchId = created.GetProperty("id").GetString()!;
            Assert.Equal("in_progress", created.GetProperty("status").GetString());
        }

        // The creating gateway is gone with the job still running; two others scan the open batches together.
        Assert.Equal(Mosaic.Abstractions.Jobs.JobStatus.Running, (await fixture.Cluster.Mosaic.GetReportAsync(batchId))!.Status);
        await using var second = await fixture.StartGatewayAsync(o => o.BatchScanInterval = TimeSpan.FromMilliseconds(50));
        await using var third = await fixture.StartGatewayAsync(o => o.BatchScanInterval = TimeSpan.FromMilliseconds(50));
        var store = second.Service<IBatchStore>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await store.ReadBatchAsync(batchId))!.Open)
        {
            Assert.True(DateTime.UtcNow < deadline, "no gateway finished the batch");
            await Task.Delay(100);
        }

        using var client = fixture.Http();
        var done = await Json.ReadAsync(await client.GetAsync($"v1/batches/{batchId}"));
        Assert.Equal("completed", done.GetProperty("status").GetString());
        var outputs = (await store.ListFilesAsync("batch_output", null, 100_000)).Where(f => f.FileId.Contains(batchId, StringComparison.Ordinal)).ToArray();
        Assert.Equal([$"file-{batchId}-output"], outputs.Select(f => f.FileId));
        var lines = Json.Lines(await client.GetStringAsync($"v1/files/{outputs[0].FileId}/content"));
        var ids = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("custom_id").GetString()).ToArray();
        Assert.Equal(Enumerable.Range(0, 60).Select(i => $"restart-{i}").Order(), ids.Order());
    }
}

using Microsoft.Extensions.Options;
using Mosaic.Abstractions.Jobs;
using Mosaic.Client;
using Mosaic.Gateway.Chat;
using Mosaic.Gateway.Health;
using Mosaic.Gateway.Hosting;
using Mosaic.Storage;

namespace Mosaic.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class HealthTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Readyz_ClusterWithWorkers_200WithTheWorkers()
    {
        using var http = fixture.Http(null);

        var response = await http.GetAsync("readyz");

        Assert.Equal(200, (int)response.StatusCode);
        var body = await Json.ReadAsync(response);
        Assert.True(body.GetProperty("ready").GetBoolean());
        Assert.Equal(["gpu0", "gpu1"], body.GetProperty("workers").EnumerateArray().Select(w => w.GetString()));
    }

    [Theory]
    [InlineData("healthz")]
    [InlineData("readyz")]
    public async Task Probes_AnswerHead_WithTheStatusAndNoBody(string probe)
    {
        using var http = fixture.Http(null);

        var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, probe));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Readyz_NoClusterBehindTheGateway_503WhileHealthzIs200()
    {
        var nowhere = new MosaicClientOptions { Clustering = MosaicClustering.Localhost, GatewayPorts = [FreePort.Next()], ClusterId = "nobody", ServiceId = "nobody" };
        await using var lonely = await GatewayHost.StartAsync(
            new GatewaySetup
            {
                Cluster = nowhere,
                Storage = new MosaicStorageOptions { Provider = MosaicStorageProvider.Memory },
                Gateway = new GatewayOptions { ReadinessTimeout = TimeSpan.FromMilliseconds(500), BatchScanInterval = TimeSpan.Zero },
                Pool = TestPool.Pool(),
            },
            "Development",
            waitForCluster: false);
        using var http = lonely.Http(null);

        var ready = await http.GetAsync("readyz");

        Assert.Equal(200, (int)(await http.GetAsync("healthz")).StatusCode);
        Assert.Equal(503, (int)ready.StatusCode);
        Assert.Equal(503, (int)(await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "readyz"))).StatusCode);
        var body = await Json.ReadAsync(ready);
        Assert.False(body.GetProperty("ready").GetBoolean());
        Assert.StartsWith("the cluster is not reachable", body.GetProperty("reason").GetString());
        var error = await Json.AssertErrorAsync(await http.PostAsync("v1/chat/completions", Json.Body(new { model = "alpha", messages = new[] { new { role = "user", content = "hi" } } })), 503, "cluster_unavailable");
        // Orleans' words for a client that has reached no silo name a missing grain type, which sent users looking for a build problem.
        foreach (var reason in new[] { body.GetProperty("reason").GetString()!, error.GetProperty("message").GetString()! })
        {
            Assert.DoesNotContain("Could not find an implementation", reason, StringComparison.Ordinal);
            Assert.Contains("no silo has answered this client yet", reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Readyz_PoolModelMissingFromTheCluster_503NamingIt()
    {
        var pool = TestPool.Pool();
        pool.Experts.Add("ghost");
        await using var gateway = await GatewayHost.StartAsync(
            new GatewaySetup
            {
                Cluster = fixture.Cluster.ClientOptions(),
                Storage = fixture.Storage,
                ServiceId = fixture.Cluster.ServiceId,
                Gateway = new GatewayOptions { BatchScanInterval = TimeSpan.Zero },
                Pool = pool,
            },
            "Development");
        using var http = gateway.Http(null);

        var ready = await http.GetAsync("readyz");

        Assert.Equal(503, (int)ready.StatusCode);
        Assert.Equal("the cluster has no model named ghost", (await Json.ReadAsync(ready)).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Readyz_WarmUpNotEnded_NotReadyWarmingUp_ThenReadyOnceItEnds()
    {
        var warmUp = new WarmUpState();
        var probe = new ReadinessProbe(fixture.Cluster.Mosaic, new PoolCatalog(TestPool.Pool()), warmUp, Options.Create(new GatewayOptions()));

        var before = await probe.CheckAsync(CancellationToken.None);
        warmUp.End(null);
        var after = await probe.CheckAsync(CancellationToken.None);

        Assert.False(before.Ready);
        Assert.StartsWith("warming up", before.Reason);
        Assert.Equal(["gpu0", "gpu1"], before.Workers);
        Assert.True(after.Ready);
    }

    /// <summary>
    /// A gateway with the warm-up on runs the pool's warm-up jobs (one per expert, a batch per worker, the aggregator in
    /// the last) once the cluster is up, and <c>/readyz</c> answers 200 only after the last has finished.
    /// </summary>
    [Fact]
    public async Task WarmUp_RunsThePoolsWarmUpJob_AndReadyzWaitsForIt()
    {
        const int batch = 5;
        await using var gateway = await fixture.StartGatewayAsync(o => (o.WarmUp, o.WarmUpBatchSize) = (true, batch));
        using var http = gateway.Http(null);
        var ended = gateway.Service<WarmUpState>().Ended;
        var ready = new List<DateTimeOffset>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while ((ready.Count == 0 || !ended.IsCompleted) && DateTimeOffset.UtcNow < deadline)
        {
            var response = await http.GetAsync("readyz");
            if (response.IsSuccessStatusCode)
            {
                ready.Add(DateTimeOffset.UtcNow);
            }
            else
            {
                Assert.StartsWith("warming up", (await Json.ReadAsync(response)).GetProperty("reason").GetString());
            }

            await Task.Delay(5);
        }

        var reports = await ended.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.NotNull(reports);
        Assert.NotEmpty(ready);
        var pool = TestPool.Pool();
        Assert.Equal(pool.Experts.Count, reports.Count);
        Assert.All(reports, r => Assert.Equal((JobStatus.Completed, 2 * batch, 0), (r.Status, r.Questions, r.FailedCalls)));
        Assert.Equal(2 * batch, reports[^1].AggregatorCalls);
        var finished = reports.Max(r => r.FinishedAt);
        Assert.All(ready, at => Assert.True(at >= finished, $"ready at {at:O}, before the warm-up finished at {finished:O}"));
    }
}

using Mosaic.Client;
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
        var body = await Json.ReadAsync(ready);
        Assert.False(body.GetProperty("ready").GetBoolean());
        Assert.StartsWith("the cluster is not reachable", body.GetProperty("reason").GetString());
        await Json.AssertErrorAsync(await http.PostAsync("v1/chat/completions", Json.Body(new { model = "alpha", messages = new[] { new { role = "user", content = "hi" } } })), 503, "cluster_unavailable");
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
}

using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mosaic.Gateway.Chat;
using Mosaic.Client;
using Mosaic.Gateway.Hosting;
using Mosaic.Hosting;
using Mosaic.Storage;

namespace Mosaic.Gateway.Tests;

/// <summary>
/// A chat request whose submit meets a silo just lost is sent again and answered by the silos that serve on; it used to
/// be a 503 "The cluster is not reachable" (a walkthrough on 2026-12-06: 5 and 9 of 60 requests while one of two silos
/// was SIGKILLed).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ChatSubmitTests(GatewayFixture fixture)
{
    [Theory]
    [InlineData(2, 0, 0)] // the submits failed before reaching a job grain
    [InlineData(1, 1, 0)] // the second reached one and lost its answer: the third is told the id is taken, which is this job
    [InlineData(0, 0, 1)] // the first never heard back (it waited out the client's response timeout, minutes, before)
    public async Task Submit_MeetingALostSilo_IsSentAgainAndAnswered(int refused, int answerLost, int unanswered)
    {
        var client = new LostSiloClient(fixture.Cluster.Mosaic, refused, answerLost, unanswered);
        var chat = Chat(client);
        var question = Question();
        var id = ChatService.NewId();

        await chat.SubmitAsync(id, question);
        var result = await chat.WaitAsync(id, CancellationToken.None);

        Assert.Equal(refused + answerLost + unanswered + 1, client.Submits);
        Assert.True(CompletionFactory.HasAnswer(result));
    }

    [Fact]
    public async Task Submit_ACallerThatWentAway_StopsSendingAgain()
    {
        var client = new LostSiloClient(fixture.Cluster.Mosaic, refused: int.MaxValue, answerLost: 0);
        var chat = Chat(client);
        var question = Question();
        using var gone = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => chat.SubmitAsync(ChatService.NewId(), question, gone.Token));
        Assert.InRange(client.Submits, 2, 10);
    }

    /// <summary>
    /// A chat request while the gateway's client is connected to no silo (none reached yet, or every one gone) is a 503
    /// <c>cluster_unavailable</c> with <c>Retry-After</c> at once; until 2026-12-06 its submit was sent again for 20 s
    /// first, as for a silo just lost while others serve.
    /// </summary>
    [Theory]
    [InlineData(false)] // no silo ever answered the gateway
    [InlineData(true)]  // the gateway's one silo went away
    public async Task Chat_ConnectedToNoSilo_503WithRetryAfterAtOnce(bool connectedFirst)
    {
        var memory = new MosaicStorageOptions { Provider = MosaicStorageProvider.Memory };
        var cluster = connectedFirst ? await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { Workers = 1, Grains = TestPool.Grains() }) : null;
        try
        {
            await using var gateway = await GatewayHost.StartAsync(
                new GatewaySetup
                {
                    Cluster = cluster?.ClientOptions() ?? new MosaicClientOptions { GatewayPorts = [FreePort.Next()], ClusterId = "nobody", ServiceId = "nobody" },
                    Storage = memory,
                    Gateway = new GatewayOptions { BatchScanInterval = TimeSpan.Zero },
                    Pool = TestPool.Pool(),
                },
                "Development",
                waitForCluster: connectedFirst);
            using var http = gateway.Http(null);
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
                cluster = null;
            }

            var clock = Stopwatch.StartNew();
            var response = await http.PostAsync("v1/chat/completions", Json.Body(new { model = "alpha", messages = new[] { new { role = "user", content = "What is 3 + 4?" } } }));
            var took = clock.Elapsed;

            var error = await Json.AssertErrorAsync(response, 503, "cluster_unavailable");
            Assert.True(took < TimeSpan.FromSeconds(3), $"answered after {took.TotalSeconds:0.0} s: {error}");
            Assert.Equal(ClusterErrors.RetryAfter, response.Headers.RetryAfter?.Delta);
            Assert.StartsWith("The cluster is not reachable: This client is connected to no silo of the cluster (cluster id ", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }
        }
    }

    private ChatQuestion Question() =>
        fixture.Gateway.Service<ChatRequestReader>().Read(JsonDocument.Parse("""{"model": "alpha", "messages": [{"role": "user", "content": "What is 3 + 4?"}]}""").RootElement);

    private ChatService Chat(LostSiloClient client) => new(
        client,
        fixture.Gateway.Service<PoolCatalog>(),
        fixture.Gateway.Service<ChatJobRetention>(),
        fixture.Gateway.Service<ShutdownDeadline>(),
        fixture.Gateway.Service<IOptions<GatewayOptions>>(),
        fixture.Gateway.Service<ILogger<ChatService>>());
}

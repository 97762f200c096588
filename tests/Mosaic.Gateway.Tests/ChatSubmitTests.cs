using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mosaic.Gateway.Chat;
using Mosaic.Gateway.Hosting;

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

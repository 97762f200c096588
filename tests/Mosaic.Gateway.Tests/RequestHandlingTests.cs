using System.Net;
using System.Text;
using System.Text.Json;
using Mosaic.Aggregation.Gating;
using Mosaic.Gateway.Batches;
using Mosaic.Gateway.Hosting;

namespace Mosaic.Gateway.Tests;

/// <summary>What every request gets whatever its endpoint: a request id, and tolerance of a UTF-8 byte-order mark.</summary>
[Collection(GatewayCollection.Name)]
public sealed class RequestHandlingTests(GatewayFixture fixture)
{
    [Fact]
    public async Task EveryResponse_CarriesARequestId_TheCallersOwnWhenItSentOne()
    {
        using var http = fixture.Http();
        using var mine = new HttpRequestMessage(HttpMethod.Get, "v1/models") { Headers = { { "X-Request-Id", "client-42" } } };
        using var tooLong = new HttpRequestMessage(HttpMethod.Get, "v1/models") { Headers = { { "X-Request-Id", new string('x', 201) } } };

        var echoed = await http.SendAsync(mine);
        var replaced = await http.SendAsync(tooLong);
        var error = await http.GetAsync("v1/no-such-endpoint");
        var other = await http.GetAsync("v1/models");

        Assert.Equal(HttpStatusCode.OK, echoed.StatusCode);
        Assert.Equal("client-42", Id(echoed));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.All([Id(replaced), Id(error), Id(other)], id => Assert.InRange(id.Length, 1, 200));
        Assert.Equal(3, new[] { Id(replaced), Id(error), Id(other) }.Distinct().Count());

        static string Id(HttpResponseMessage response) => Assert.Single(response.Headers.GetValues(RequestIdMiddleware.Header));
    }

    [Fact]
    public async Task ChatCompletion_BodyStartingWithAByteOrderMark_Answered()
    {
        using var http = fixture.Http();
        var json = """{"model": "mosaic", "messages": [{"role": "user", "content": "Which is right? (A) one (B) two"}]}""";
        using var body = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(json)]) { Headers = { { "Content-Type", "application/json" } } };

        var response = await http.PostAsync("v1/chat/completions", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // a 400 invalid_json until 2026-12-05
    }

    [Theory]
    [InlineData("v1/chat/completions", "flex", "batch", "flex")]
    [InlineData("v1/chat/completions", "priority", "interactive", "default")]
    [InlineData("v1/chat/completions", null, "interactive", "default")]
    [InlineData("v1/responses", "flex", "batch", null)]
    [InlineData("v1/responses", "auto", "interactive", null)]
    public async Task ServiceTier_Flex_RunsTheQuestionAsABatchJob_AndTheCompletionSaysSo(string path, string? tier, string priority, string? served)
    {
        using var http = fixture.Http();
        var question = path == "v1/responses"
            ? new Dictionary<string, object?> { ["model"] = "mosaic", ["input"] = "What is 2 + 3?" }
            : new Dictionary<string, object?> { ["model"] = "mosaic", ["messages"] = new[] { new { role = "user", content = "What is 2 + 3?" } } };
        if (tier is not null)
        {
            question["service_tier"] = tier;
        }

        var answer = await Json.ReadAsync(await http.PostAsync(path, Json.Body(JsonSerializer.Serialize(question))));
        var report = await Json.ReadAsync(await http.GetAsync($"v1/jobs/{answer.GetProperty("id").GetString()}"));

        Assert.Equal(priority, report.GetProperty("priority").GetString());
        if (served is not null)
        {
            Assert.Equal(served, answer.GetProperty("service_tier").GetString());
        }
    }

    [Fact]
    public async Task ServiceTier_Streamed_EveryChunkSaysWhichTierServesIt()
    {
        using var http = fixture.Http();

        using var response = await http.PostAsync("v1/chat/completions",
            Json.Body("""{"model": "mosaic", "messages": [{"role": "user", "content": "What is 2 + 3?"}], "stream": true, "service_tier": "flex"}"""));

        var chunks = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Where(e => e.StartsWith("data: {", StringComparison.Ordinal)).Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement).ToArray();
        Assert.True(chunks.Length >= 2, $"{chunks.Length} chunks");
        Assert.All(chunks, c => Assert.Equal("flex", c.GetProperty("service_tier").GetString()));
    }

    [Theory]
    [InlineData("v1/chat/completions", """{"model": "mosaic", "messages": [{"role": "user", "content": "What is 2 + 3?"}], "mosaic": {"experts": ["gamma", "slow", "gamma", "beta"]}}""")]
    [InlineData("v1/responses", """{"model": "mosaic", "input": "What is 2 + 3?", "mosaic": {"experts": ["gamma", "slow", "gamma", "beta"]}}""")]
    public async Task MoaRequest_NamingItsExperts_GoesToThoseExpertsInThatOrder(string path, string json)
    {
        // The router would send an addition to alpha and beta mostly, never to the slow expert; the gateway used to
        // ignore mosaic.experts, which a mosaic run line honours.
        using var http = fixture.Http();

        var response = await http.PostAsync(path, Json.Body(json));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var mosaic = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("mosaic");
        Assert.Equal(["gamma", "slow", "gamma", "beta"], mosaic.GetProperty("experts").EnumerateArray().Select(e => e.GetProperty("model").GetString()));
        Assert.Equal("add", mosaic.GetProperty("skill").GetString());
    }

    /// <summary>
    /// One expert in all three slots (one shared call): counted per slot it is unanimous, counted once per expert it is
    /// one vote of three and goes to the aggregator. The pool's gate.same_expert was fixed at every-slot until 2026-12-07.
    /// </summary>
    [Theory]
    [InlineData(SameExpertPolicy.CountEverySlot, 3, true)]
    [InlineData(SameExpertPolicy.CountOncePerExpert, 1, false)]
    public async Task OneExpertInEverySlot_VotesAsThePoolCountsRepeats(SameExpertPolicy policy, int votes, bool skipped)
    {
        await using var gateway = await fixture.StartGatewayAsync(pool: p => p.SameExpert = policy);
        using var http = gateway.Http(GatewayFixture.ApiKey);

        var answer = await Json.ReadAsync(await http.PostAsync("v1/chat/completions", Json.Body(
            """{"model": "mosaic", "messages": [{"role": "user", "content": "What is 2 + 3?"}], "mosaic": {"experts": ["alpha", "alpha", "alpha"]}}""")));

        var mosaic = answer.GetProperty("mosaic");
        Assert.Equal(votes, Assert.Single(mosaic.GetProperty("votes").EnumerateArray()).GetProperty("votes").GetInt32());
        Assert.Equal(skipped, mosaic.GetProperty("gate").GetProperty("skipped_aggregator").GetBoolean());
        Assert.Equal(skipped, mosaic.GetProperty("aggregator").ValueKind == JsonValueKind.Null);
        var counted = policy == SameExpertPolicy.CountOncePerExpert ? @" \(an expert counted once per answer\)" : "";
        Assert.Matches($@"^votes [^:]+: {votes} of 3 slots{counted};", mosaic.GetProperty("gate").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Request_GivingItsGold_IsMarkedCorrectOrNot_AndTheJobHasAnAccuracy()
    {
        // mosaic.gold was accepted and dropped by the gateway (only mosaic run read it), so a batch sent through the
        // gateway had no accuracy while the same file through mosaic run did.
        using var http = fixture.Http();

        var answer = await Json.ReadAsync(await http.PostAsync("v1/chat/completions", Json.Body(
            """{"model": "mosaic", "messages": [{"role": "user", "content": "What is 2 + 3?"}], "mosaic": {"gold": "The answer is 5."}}""")));
        var mosaic = answer.GetProperty("mosaic");
        var report = await Json.ReadAsync(await http.GetAsync($"v1/jobs/{mosaic.GetProperty("job_id").GetString()}"));

        Assert.Equal("5", mosaic.GetProperty("gold").GetString());
        var correct = mosaic.GetProperty("final_answer").GetString() == "5";
        Assert.Equal(correct, mosaic.GetProperty("correct").GetBoolean());
        Assert.Equal(correct ? 1.0 : 0.0, report.GetProperty("accuracy").GetDouble());
    }

    [Fact]
    public void BatchFile_LineNamingItsExperts_KeepsThem_AndAnUnknownOneIsThatLinesError()
    {
        var parser = fixture.Gateway.Service<BatchFileParser>();
        var file = """
            {"custom_id": "a", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "mosaic", "messages": [{"role": "user", "content": "hi"}], "mosaic": {"experts": ["beta", "beta"]}}}
            {"custom_id": "b", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "mosaic", "messages": [{"role": "user", "content": "hi"}], "mosaic": {"experts": ["omega"]}}}
            {"custom_id": "c", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "mosaic", "messages": [{"role": "user", "content": "hi"}]}}
            """;

        var batch = parser.Parse(Encoding.UTF8.GetBytes(file), "/v1/chat/completions");

        Assert.Equal([["beta", "beta"], null], batch.Valid.Select(l => l.Question!.Experts));
        var error = Assert.Single(batch.Lines, l => l.Error is not null).Error!;
        Assert.Equal("invalid_value", error.Code);
        Assert.Contains("'mosaic.experts' names an unknown expert 'omega'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BatchFile_ByteOrderMarkBeforeTheFirstLine_AndANumericCustomIdNamed()
    {
        var parser = fixture.Gateway.Service<BatchFileParser>();
        var file = "\uFEFF" + """
            {"custom_id": "a", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "mosaic", "messages": [{"role": "user", "content": "hi"}]}}
            {"custom_id": 5, "method": "POST", "url": "/v1/chat/completions", "body": {"model": "mosaic", "messages": [{"role": "user", "content": "hi"}]}}
            {"custom_id": "", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "mosaic", "messages": [{"role": "user", "content": "hi"}]}}
            """;

        var batch = parser.Parse(Encoding.UTF8.GetBytes(file), "/v1/chat/completions");

        Assert.Equal("a", Assert.Single(batch.Valid).CustomId);
        Assert.Equal(
            [("invalid_custom_id", "line 2: custom_id must be a string, not the number 5"), ("invalid_custom_id", "line 3: custom_id is empty")],
            batch.Lines.Skip(1).Select(l => (l.Error!.Code, l.Error.Message)));
    }

    [Fact]
    public void BatchFile_UnpairedSurrogateEscape_IsThatLinesInvalidJsonError()
    {
        var parser = fixture.Gateway.Service<BatchFileParser>();
        var file = """
            {"custom_id": "a", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "mosaic", "messages": [{"role": "user", "content": "hi \ud83d"}]}}
            {"custom_id": "b", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "mosaic", "messages": [{"role": "user", "content": "hi"}]}}
            """;

        var batch = parser.Parse(Encoding.UTF8.GetBytes(file), "/v1/chat/completions");

        Assert.Equal("b", Assert.Single(batch.Valid).CustomId);
        Assert.Equal(("invalid_json", "line 1 is not valid JSON: the string at $.body.messages[0].content is not valid text (bytes that are not UTF-8, or an unpaired surrogate escape such as \\ud83d)"),
            (batch.Lines[0].Error!.Code, batch.Lines[0].Error!.Message));
    }
}

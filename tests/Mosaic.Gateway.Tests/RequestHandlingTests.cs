using System.Net;
using System.Text;
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

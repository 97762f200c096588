using System.Net;
using System.Text.RegularExpressions;
using Mosaic.Gateway.Hosting;
using Mosaic.TestSupport;

namespace Mosaic.Gateway.Tests;

/// <summary>Cross-origin access for the allowed origins only, as a browser asks for it (preflight, then the request).</summary>
[Collection(GatewayCollection.Name)]
public sealed class CorsTests(GatewayFixture fixture)
{
    private const string Page = "http://localhost:3000";

    [Fact]
    public async Task Preflight_FromAnAllowedOrigin_AnsweredWithoutAnApiKey()
    {
        await using var gateway = await fixture.StartGatewayAsync(o => o.AllowedOrigins = [Page]);
        using var http = gateway.Http(apiKey: null);

        var response = await http.SendAsync(Preflight(Page, "POST", "authorization,content-type"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Page, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single().Split(','));
        Assert.Equal("authorization,content-type", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Headers")));
    }

    [Fact]
    public async Task Request_FromAnAllowedOrigin_NamesItAndExposesTheRequestId_AlsoOnAnError()
    {
        await using var gateway = await fixture.StartGatewayAsync(o => o.AllowedOrigins = [Page + "/"]);
        using var http = gateway.Http();
        using var unauthorized = gateway.Http(apiKey: null);

        var models = await http.SendAsync(From(Page, HttpMethod.Get, "v1/models"));
        var refused = await unauthorized.SendAsync(From(Page, HttpMethod.Get, "v1/models"));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Unauthorized), (models.StatusCode, refused.StatusCode));
        Assert.All([models, refused], response =>
        {
            Assert.Equal(Page, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
            Assert.Equal(RequestIdMiddleware.Header, Assert.Single(response.Headers.GetValues("Access-Control-Expose-Headers")));
        });
    }

    /// <summary>What the headers are for: a real browser lets the allowed page read the answer and keeps it from another page.</summary>
    [ChromiumFact]
    public async Task BrowserPage_OfTheAllowedOrigin_ReadsTheAnswer_AnotherOriginsPageCannot()
    {
        await using var allowedPage = await PageServer.StartAsync();
        await using var otherPage = await PageServer.StartAsync();
        await using var gateway = await fixture.StartGatewayAsync(o => o.AllowedOrigins = [allowedPage.Origin]);
        allowedPage.Html = otherPage.Html = FetchingPage(new Uri(gateway.BaseUrl, "v1/chat/completions"));

        var allowed = Outcome(await HeadlessChromium.RenderAsync(allowedPage.Url, TimeSpan.FromSeconds(20)));
        var other = Outcome(await HeadlessChromium.RenderAsync(otherPage.Url, TimeSpan.FromSeconds(20)));

        Assert.Matches(@"^status 200, request id \S+, answer .+", allowed);
        Assert.StartsWith("blocked: TypeError", other, StringComparison.Ordinal);

        static string Outcome(string dom) => WebUtility.HtmlDecode(Regex.Match(dom, "<pre id=\"outcome\">([^<]*)</pre>").Groups[1].Value);
    }

    [Fact]
    public async Task OtherOrigin_GetsNoCorsHeaders()
    {
        await using var gateway = await fixture.StartGatewayAsync(o => o.AllowedOrigins = [Page]);
        using var http = gateway.Http();

        var preflight = await http.SendAsync(Preflight("http://elsewhere.example", "POST", "authorization"));
        var request = await http.SendAsync(From("http://elsewhere.example", HttpMethod.Get, "v1/models"));

        Assert.Equal(HttpStatusCode.OK, request.StatusCode);
        Assert.All([preflight, request], response => Assert.False(response.Headers.Contains("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task AnyOrigin_Star_AllowsEveryPage()
    {
        await using var gateway = await fixture.StartGatewayAsync(o => o.AllowedOrigins = ["*"]);
        using var http = gateway.Http();

        var response = await http.SendAsync(From("https://chat.example.com", HttpMethod.Get, "v1/models"));

        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task NoAllowedOrigin_NoCors_PreflightIsNotAnEndpoint()
    {
        using var http = fixture.Http();

        var preflight = await http.SendAsync(Preflight(Page, "POST", "authorization"));
        var request = await http.SendAsync(From(Page, HttpMethod.Get, "v1/models"));

        Assert.Equal((HttpStatusCode.MethodNotAllowed, HttpStatusCode.OK), (preflight.StatusCode, request.StatusCode));
        Assert.All([preflight, request], response => Assert.False(response.Headers.Contains("Access-Control-Allow-Origin")));
    }

    [Theory]
    [InlineData("localhost:3000")]
    [InlineData("http://localhost:3000/app")]
    [InlineData("ftp://files.example.com")]
    [InlineData("")]
    public async Task Start_AllowedOriginThatIsNotAnOrigin_RefusedInOneLine(string origin)
    {
        var error = await Assert.ThrowsAsync<GatewayConfigurationException>(() => fixture.StartGatewayAsync(o => o.AllowedOrigins = [origin]));

        Assert.Equal(
            $"Mosaic:Gateway:AllowedOrigins holds '{origin}', which is not an origin: give scheme, host and port only (https://chat.example.com, http://localhost:3000) or *.",
            error.Message);
    }

    /// <summary>A page that asks the pool one question with the API key and shows what its script could read.</summary>
    private static string FetchingPage(Uri chat) => $$"""
        <!doctype html><html><body><pre id="outcome">pending</pre><script>
        fetch("{{chat}}", {
          method: "POST",
          headers: {"Authorization": "Bearer {{GatewayFixture.ApiKey}}", "Content-Type": "application/json"},
          body: JSON.stringify({model: "mosaic", messages: [{role: "user", content: "Which is right? (A) one (B) two"}]})
        })
          .then(async r => { const body = await r.json(); return `status ${r.status}, request id ${r.headers.get("x-request-id")}, answer ${body.choices[0].message.content}`; })
          .catch(e => `blocked: ${e}`)
          .then(text => { document.getElementById("outcome").textContent = text; });
        </script></body></html>
        """;

    private static HttpRequestMessage Preflight(string origin, string method, string headers) => new(HttpMethod.Options, "v1/chat/completions")
    {
        Headers = { { "Origin", origin }, { "Access-Control-Request-Method", method }, { "Access-Control-Request-Headers", headers } },
    };

    private static HttpRequestMessage From(string origin, HttpMethod method, string path) => new(method, path) { Headers = { { "Origin", origin } } };
}

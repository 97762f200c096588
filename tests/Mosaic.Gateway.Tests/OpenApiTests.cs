namespace Mosaic.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class OpenApiTests(GatewayFixture fixture)
{
    [Fact]
    public async Task OpenApiDocument_ListsEveryEndpoint()
    {
        using var http = fixture.Http(null);

        var document = await Json.ReadAsync(await http.GetAsync("openapi/v1.json"));

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(
            [
                "/healthz", "/readyz", "/v1/batches", "/v1/batches/{batchId}", "/v1/batches/{batchId}/cancel", "/v1/chat/completions", "/v1/files",
                "/v1/files/{fileId}", "/v1/files/{fileId}/content", "/v1/jobs", "/v1/jobs/{jobId}", "/v1/jobs/{jobId}/cancel", "/v1/jobs/{jobId}/events",
                "/v1/jobs/{jobId}/plan", "/v1/jobs/{jobId}/results", "/v1/models", "/v1/models/{model}", "/v1/responses", "/v1/responses/{responseId}",
            ],
            paths.Order(StringComparer.Ordinal));
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
    }
}

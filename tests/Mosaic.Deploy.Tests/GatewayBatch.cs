using System.ClientModel;
using System.Text.Json;
using OpenAI;
using OpenAI.Batch;
using OpenAI.Files;

namespace Mosaic.Deploy.Tests;

/// <summary>A batch run through the gateway with the official OpenAI SDK, as a user's script would: upload, create, poll, download.</summary>
internal sealed class GatewayBatch
{
    private readonly OpenAIClient _openai;
    private readonly CreateBatchOperation _operation;

    private GatewayBatch(OpenAIClient openai, CreateBatchOperation operation, string id) => (_openai, _operation, Id) = (openai, operation, id);

    public string Id { get; }

    public static async Task<GatewayBatch> CreateAsync(int httpPort, IEnumerable<string> lines)
    {
        // The local cluster's gateway runs in Development without API keys; the SDK still wants a credential.
        var openai = new OpenAIClient(new ApiKeyCredential("local"), new OpenAIClientOptions { Endpoint = new Uri($"http://127.0.0.1:{httpPort}/v1") });
        OpenAIFile file = await openai.GetOpenAIFileClient().UploadFileAsync(BinaryData.FromString(string.Join('\n', lines) + "\n"), "requests.jsonl", FileUploadPurpose.Batch);
        var operation = await openai.GetBatchClient().CreateBatchAsync(
            BinaryContent.Create(BinaryData.FromObjectAsJson(new { input_file_id = file.Id, endpoint = "/v1/chat/completions", completion_window = "24h" })),
            waitUntilCompleted: false);
        var created = JsonDocument.Parse(operation.GetRawResponse().Content).RootElement;
        return new GatewayBatch(openai, operation, created.GetProperty("id").GetString()!);
    }

    public static string Request(string customId, string question) => JsonSerializer.Serialize(new
    {
        custom_id = customId,
        method = "POST",
        url = "/v1/chat/completions",
        body = new { model = "mosaic", messages = new[] { new { role = "user", content = question } } },
    });

    /// <summary>Polls the batch until <paramref name="condition"/> holds; a 5xx while the cluster is short of a silo is retried.</summary>
    public async Task<JsonElement> WaitAsync(Func<JsonElement, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var state = JsonDocument.Parse((await _operation.GetBatchAsync(null)).GetRawResponse().Content).RootElement;
                if (condition(state))
                {
                    return state;
                }

                last = state;
            }
            catch (ClientResultException e) when (e.Status >= 500)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"batch {Id} did not get there in {timeout}: {last}");
    }

    public async Task<string[]> DownloadAsync(string fileId) =>
        (await _openai.GetOpenAIFileClient().DownloadFileAsync(fileId)).Value.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public static int Completed(JsonElement batch) => batch.GetProperty("request_counts").GetProperty("completed").GetInt32();

    public static string Status(JsonElement batch) => batch.GetProperty("status").GetString()!;
}

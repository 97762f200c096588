using System.ClientModel;
using System.Text.Json;
using OpenAI;
using OpenAI.Batch;
using OpenAI.Files;

namespace Mosaic.Testing;

/// <summary>Batch input files, and the official OpenAI SDK's calls that run them through the gateway as a user's script would.</summary>
internal static class BatchFiles
{
    public static string Request(string customId, string model, string question) => JsonSerializer.Serialize(new
    {
        custom_id = customId,
        method = "POST",
        url = "/v1/chat/completions",
        body = new { model, messages = new[] { new { role = "user", content = question } } },
    });

    public static string Questions(int count, string model, string prefix = "req") =>
        string.Join('\n', Enumerable.Range(0, count).Select(i => Request($"{prefix}-{i}", model, $"What is {10 + i} + {i}?"))) + "\n";

    public static async Task<string> UploadAsync(OpenAIClient openai, string content)
    {
        OpenAIFile file = await openai.GetOpenAIFileClient().UploadFileAsync(BinaryData.FromString(content), "requests.jsonl", FileUploadPurpose.Batch);
        return file.Id;
    }

    public static async Task<CreateBatchOperation> CreateAsync(OpenAIClient openai, string fileId) =>
        await openai.GetBatchClient().CreateBatchAsync(
            BinaryContent.Create(BinaryData.FromObjectAsJson(new { input_file_id = fileId, endpoint = "/v1/chat/completions", completion_window = "24h" })),
            waitUntilCompleted: false);

    public static async Task<JsonElement> GetAsync(CreateBatchOperation batch) =>
        JsonDocument.Parse((await batch.GetBatchAsync(null)).GetRawResponse().Content).RootElement;

    /// <summary>
    /// Polls until <paramref name="done"/> holds, failing after <paramref name="seconds"/>. With
    /// <paramref name="retryServerErrors"/> a 5xx answer is polled again (a cluster short of a silo for a while).
    /// </summary>
    public static async Task<JsonElement> PollAsync(CreateBatchOperation batch, Func<JsonElement, bool> done, int seconds = 60, bool retryServerErrors = false)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        JsonElement? last = null;
        while (true)
        {
            try
            {
                var state = await GetAsync(batch);
                if (done(state))
                {
                    return state;
                }

                last = state;
            }
            catch (ClientResultException e) when (retryServerErrors && e.Status >= 500)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, $"batch did not get there in {seconds} s: {last}");
            await Task.Delay(100);
        }
    }

    public static int Completed(JsonElement batch) => batch.GetProperty("request_counts").GetProperty("completed").GetInt32();

    public static string Status(JsonElement batch) => batch.GetProperty("status").GetString()!;

    public static bool Ended(JsonElement batch) => Status(batch) is "completed" or "failed" or "cancelled" or "expired";

    public static async Task<string[]> DownloadLinesAsync(OpenAIClient openai, string fileId) =>
        (await openai.GetOpenAIFileClient().DownloadFileAsync(fileId)).Value.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

using System.ClientModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using OpenAI;
using OpenAI.Batch;
using OpenAI.Chat;
using OpenAI.Files;

namespace Mosaic.Samples.OpenAi;

/// <summary>
/// The official OpenAI client pointed at a Mosaic gateway: list the models, ask one question, stream another, then run
/// a small batch (upload a JSONL file, create the batch, poll it, download the output).
/// </summary>
public static class OpenAiSample
{
    public static async Task<OpenAiSampleSummary> RunAsync(Uri baseUrl, string apiKey, string model, TextWriter output, CancellationToken ct = default)
    {
        var openai = new OpenAIClient(new ApiKeyCredential(apiKey), new OpenAIClientOptions { Endpoint = baseUrl });

        var models = (await openai.GetOpenAIModelClient().GetModelsAsync(ct)).Value.Select(m => m.Id).ToArray();
        output.WriteLine($"models: {string.Join(", ", models)}");

        var chat = openai.GetChatClient(model);
        ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage("What is 12 + 30?")], cancellationToken: ct);
        var answer = completion.Content.Count > 0 ? completion.Content[0].Text : "";
        output.WriteLine($"chat ({completion.Usage.TotalTokenCount} tokens over all model calls): {answer}");

        var streamed = new StringBuilder();
        var chunks = 0;
        var clock = Stopwatch.StartNew();
        TimeSpan? firstText = null;
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("How many a in abca?")], cancellationToken: ct))
        {
            chunks++;
            foreach (var part in update.ContentUpdate.Where(p => p.Text.Length > 0))
            {
                firstText ??= clock.Elapsed;
                streamed.Append(part.Text);
            }
        }

        output.WriteLine($"streamed in {chunks} chunks (the first text after {firstText?.TotalSeconds ?? 0:0.00} s, the end after {clock.Elapsed.TotalSeconds:0.00} s): {streamed}");

        var (batchId, status, customIds) = await RunBatchAsync(openai, model, output, ct);
        return new OpenAiSampleSummary(models, answer, streamed.ToString(), chunks, batchId, status, customIds);
    }

    private static async Task<(string BatchId, string Status, IReadOnlyList<string> CustomIds)> RunBatchAsync(OpenAIClient openai, string model, TextWriter output, CancellationToken ct)
    {
        var lines = Enumerable.Range(1, 5).Select(i => JsonSerializer.Serialize(new
        {
            custom_id = $"sample-{i}",
            method = "POST",
            url = "/v1/chat/completions",
            body = new { model, messages = new[] { new { role = "user", content = $"What is {(i * 10) + 3} + {i}?" } } },
        }));
        var files = openai.GetOpenAIFileClient();
        OpenAIFile input = await files.UploadFileAsync(BinaryData.FromString(string.Join('\n', lines) + "\n"), "sample-batch.jsonl", FileUploadPurpose.Batch);
        output.WriteLine($"uploaded {input.Id} ({input.SizeInBytes} bytes)");

        var batches = openai.GetBatchClient();
        var request = BinaryContent.Create(BinaryData.FromObjectAsJson(new { input_file_id = input.Id, endpoint = "/v1/chat/completions", completion_window = "24h" }));
        var operation = await batches.CreateBatchAsync(request, waitUntilCompleted: false);
        var batch = JsonDocument.Parse((await operation.GetBatchAsync(null)).GetRawResponse().Content);
        var batchId = batch.RootElement.GetProperty("id").GetString()!;
        string status;
        while (true)
        {
            batch = JsonDocument.Parse((await operation.GetBatchAsync(null)).GetRawResponse().Content);
            status = batch.RootElement.GetProperty("status").GetString()!;
            var counts = batch.RootElement.GetProperty("request_counts");
            output.WriteLine($"batch {batchId}: {status}, {counts.GetProperty("completed").GetInt32()}/{counts.GetProperty("total").GetInt32()} done");
            if (status is "completed" or "failed" or "cancelled" or "expired")
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }

        var customIds = new List<string>();
        if (batch.RootElement.GetProperty("output_file_id").GetString() is { } outputFile)
        {
            var content = (await files.DownloadFileAsync(outputFile, ct)).Value.ToString();
            foreach (var line in content.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                using var result = JsonDocument.Parse(line);
                var customId = result.RootElement.GetProperty("custom_id").GetString()!;
                var text = result.RootElement.GetProperty("response").GetProperty("body").GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
                output.WriteLine($"  {customId}: {text}");
                customIds.Add(customId);
            }
        }

        return (batchId, status, customIds);
    }
}

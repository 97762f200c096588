using System.ClientModel;
using System.Text;
using System.Text.Json;
using Mosaic.Abstractions.Jobs;
using Mosaic.Testing;
using OpenAI.Chat;

namespace Mosaic.Gateway.Tests;

/// <summary>The official OpenAI .NET client, unchanged, pointed at the gateway.</summary>
[Collection(GatewayCollection.Name)]
public sealed class OpenAiSdkTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Models_ListedBySdk_MixtureThenEveryExpert()
    {
        var models = (await fixture.OpenAi.GetOpenAIModelClient().GetModelsAsync()).Value;

        Assert.Equal(["mosaic", "alpha", "beta", "gamma", "slow"], models.Select(m => m.Id));
        Assert.All(models, m => Assert.Equal("mosaic", m.OwnedBy));
    }

    [Fact]
    public async Task ChatCompletion_MosaicModel_RoutedByTheSkillRouterWithTheMosaicExtension()
    {
        var result = await fixture.OpenAi.GetChatClient("mosaic").CompleteChatAsync([new UserChatMessage("What is 12 + 30?")]);

        var completion = result.Value;
        Assert.Equal("mosaic", completion.Model);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.StartsWith("chatcmpl-", completion.Id);
        Assert.Contains("The answer is", completion.Content[0].Text);
        Assert.True(completion.Usage.OutputTokenCount > 0);
        var mosaic = JsonDocument.Parse(result.GetRawResponse().Content).RootElement.GetProperty("mosaic");
        Assert.Equal("add", mosaic.GetProperty("skill").GetString());
        var experts = mosaic.GetProperty("experts").EnumerateArray().ToArray();
        Assert.Equal(3, experts.Length);
        Assert.All(experts, e => Assert.Contains(e.GetProperty("model").GetString(), TestPool.Fast));
        // An early gate decision may cancel the last slot once two answers agree.
        Assert.All(experts, e => Assert.Contains(e.GetProperty("status").GetString(), new[] { "completed", "cancelled" }));
        Assert.True(experts.Count(e => e.GetProperty("status").GetString() == "completed") >= 2);
        Assert.True(mosaic.GetProperty("emulated").GetBoolean());
        Assert.Equal(
            experts.Count(e => e.GetProperty("answer").ValueKind == JsonValueKind.String),
            mosaic.GetProperty("votes").EnumerateArray().Sum(v => v.GetProperty("votes").GetInt32()));
        var gate = mosaic.GetProperty("gate");
        Assert.Equal("vote", gate.GetProperty("rule").GetString());
        Assert.Equal(gate.GetProperty("skipped_aggregator").GetBoolean(), mosaic.GetProperty("aggregator").ValueKind == JsonValueKind.Null);
        Assert.NotNull(mosaic.GetProperty("final_answer").GetString());
        Assert.Equal(JobPriority.Interactive, (await fixture.Cluster.Mosaic.GetReportAsync(completion.Id))!.Priority);
    }

    [Fact]
    public async Task ChatCompletion_MosaicModel_EachQuestionDrawsItsOwnExpertsAndTheSameQuestionTheSame()
    {
        // Every chat question is a one-question job whose question is named "q": the router used to seed its draw by
        // that name, so every question of a skill went to the same three experts.
        var chat = fixture.OpenAi.GetChatClient("mosaic");
        var questions = Enumerable.Range(1, 12).Select(i => $"What is {i * 7} + {i * 11}?").Append("What is 7 + 11?").ToArray();

        var draws = await Task.WhenAll(questions.Select(async q =>
        {
            var result = await chat.CompleteChatAsync([new UserChatMessage(q)]);
            var mosaic = JsonDocument.Parse(result.GetRawResponse().Content).RootElement.GetProperty("mosaic");
            return string.Join(",", mosaic.GetProperty("experts").EnumerateArray().Select(e => e.GetProperty("model").GetString()));
        }));

        Assert.True(draws.Distinct().Count() > 2, $"expert draws: {string.Join(" | ", draws)}");
        Assert.Equal(draws[0], draws[^1]);
    }

    [Fact]
    public async Task ChatCompletion_ExpertModel_RunsThatExpertAloneWithoutAggregator()
    {
        var result = await fixture.OpenAi.GetChatClient("beta").CompleteChatAsync([new UserChatMessage("How many a in abca?")]);

        var mosaic = JsonDocument.Parse(result.GetRawResponse().Content).RootElement.GetProperty("mosaic");
        var expert = Assert.Single(mosaic.GetProperty("experts").EnumerateArray());
        Assert.Equal("beta", expert.GetProperty("model").GetString());
        Assert.Equal(JsonValueKind.Null, mosaic.GetProperty("aggregator").ValueKind);
        Assert.Equal("off", mosaic.GetProperty("gate").GetProperty("rule").GetString());
        Assert.True(mosaic.GetProperty("gate").GetProperty("skipped_aggregator").GetBoolean());
        Assert.Equal(expert.GetProperty("answer").GetString(), mosaic.GetProperty("final_answer").GetString());
        Assert.Equal(expert.GetProperty("text").GetString(), result.Value.Content[0].Text);
        var report = await fixture.Cluster.Mosaic.GetReportAsync(mosaic.GetProperty("job_id").GetString()!);
        Assert.Equal(0, report!.AggregatorCalls);
    }

    [Fact]
    public async Task ChatCompletion_CutAtMaxTokens_FinishReasonLength()
    {
        // Always "stop" before, so a client could not tell a cut-off message from a whole one.
        var chat = fixture.OpenAi.GetChatClient("alpha");
        var cut = (await chat.CompleteChatAsync([new UserChatMessage("What is 3 + 4?")], new ChatCompletionOptions { MaxOutputTokenCount = 2 })).Value;
        var whole = (await chat.CompleteChatAsync([new UserChatMessage("What is 3 + 4?")])).Value;

        Assert.Equal(ChatFinishReason.Length, cut.FinishReason);
        Assert.Equal(2, cut.Usage.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Stop, whole.FinishReason);
        ChatFinishReason? streamed = null;
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("What is 3 + 4?")], new ChatCompletionOptions { MaxOutputTokenCount = 2 }))
        {
            streamed ??= update.FinishReason;
        }

        Assert.Equal(ChatFinishReason.Length, streamed);
    }

    [Fact]
    public async Task ChatCompletion_StopSequence_MessageEndsBeforeIt()
    {
        var chat = fixture.OpenAi.GetChatClient("alpha");
        var options = new ChatCompletionOptions { StopSequences = { "answer", "zzz" } };

        var completion = (await chat.CompleteChatAsync([new UserChatMessage("What is 3 + 4?")], options)).Value;
        var streamed = new StringBuilder();
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("What is 3 + 4?")], options))
        {
            streamed.Append(string.Concat(update.ContentUpdate.Select(p => p.Text)));
        }

        Assert.Equal("The ", completion.Content[0].Text); // the emulated expert says "The answer is 7."
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal("The ", streamed.ToString());
    }

    [Fact]
    public async Task Streaming_Sdk_ChunksCarryTheSameAnswerAsTheWholeCompletion()
    {
        // One expert, question id "q": the emulated answer is a function of (question, expert, slot), so both runs agree.
        var chat = fixture.OpenAi.GetChatClient("alpha");
        var whole = (await chat.CompleteChatAsync([new UserChatMessage("What is 2 + 2?")])).Value.Content[0].Text;

        var text = new StringBuilder();
        var updates = 0;
        ChatFinishReason? finish = null;
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("What is 2 + 2?")]))
        {
            updates++;
            finish ??= update.FinishReason;
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        Assert.Equal(whole, text.ToString());
        Assert.True(updates >= 3, $"{updates} updates");
        Assert.Equal(ChatFinishReason.Stop, finish);
    }

    [Fact]
    public async Task Streaming_RawEvents_ChunkObjectsThenDone()
    {
        using var http = fixture.Http();
        var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = Json.Body(new { model = "mosaic", stream = true, stream_options = new { include_usage = true }, messages = new[] { new { role = "user", content = "What is 5 + 6?" } } }),
        };

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("data: [DONE]", events[^1]);
        var chunks = events[..^1].Where(e => e.StartsWith("data: ", StringComparison.Ordinal)).Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement).ToArray();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        var closing = chunks.Single(c => c.GetProperty("choices").GetArrayLength() > 0 && c.GetProperty("choices")[0].GetProperty("finish_reason").GetString() == "stop");
        Assert.Equal(3, closing.GetProperty("mosaic").GetProperty("experts").GetArrayLength());
        Assert.True(chunks[^1].GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);
        Assert.Equal(0, chunks[^1].GetProperty("choices").GetArrayLength());
    }

    [Fact]
    public async Task Batch_50Lines_CompletesWithEveryCustomIdExactlyOnce()
    {
        var openai = fixture.OpenAi;
        var fileId = await BatchFiles.UploadAsync(openai, BatchFiles.Questions(50, "mosaic"));

        var batch = await BatchFiles.CreateAsync(openai, fileId);
        var done = await BatchFiles.PollAsync(batch, BatchFiles.Ended);

        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal((50, 50, 0), Counts(done));
        Assert.Equal(JsonValueKind.Null, done.GetProperty("error_file_id").ValueKind);
        var lines = await BatchFiles.DownloadLinesAsync(openai, done.GetProperty("output_file_id").GetString()!);
        Assert.Equal(50, lines.Length);
        var parsed = lines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"req-{i}").Order(), parsed.Select(p => p.GetProperty("custom_id").GetString()!).Order());
        Assert.All(parsed, p =>
        {
            Assert.Equal(200, p.GetProperty("response").GetProperty("status_code").GetInt32());
            Assert.Equal("chat.completion", p.GetProperty("response").GetProperty("body").GetProperty("object").GetString());
            Assert.Equal(JsonValueKind.Null, p.GetProperty("error").ValueKind);
        });
        var report = await fixture.Cluster.Mosaic.GetReportAsync(done.GetProperty("id").GetString()!);
        Assert.Equal((50, JobPriority.Batch), (report!.Questions, report.Priority)); // behind every chat question on the workers
    }

    [Fact]
    public async Task Batch_LinesWithTheirOwnMaxTokens_EachKeepsItsOwnLimit()
    {
        // The whole batch used to run at the largest max_tokens of its lines: a line asking for 2 tokens got as many as any other.
        static string Line(string id, int? maxTokens) => JsonSerializer.Serialize(new
        {
            custom_id = id,
            method = "POST",
            url = "/v1/chat/completions",
            body = new { model = "alpha", max_tokens = maxTokens, messages = new[] { new { role = "user", content = $"What is {id.Length} + 30?" } } },
        });
        var openai = fixture.OpenAi;
        var fileId = await BatchFiles.UploadAsync(openai, string.Join("\n", Line("free", null), Line("two", 2), Line("forty", 40)));

        var done = await BatchFiles.PollAsync(await BatchFiles.CreateAsync(openai, fileId), BatchFiles.Ended);

        var tokens = (await BatchFiles.DownloadLinesAsync(openai, done.GetProperty("output_file_id").GetString()!))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(l => l.GetProperty("custom_id").GetString()!, l => l.GetProperty("response").GetProperty("body").GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.InRange(tokens["two"], 1, 2);
        Assert.InRange(tokens["forty"], 3, 40);
        Assert.True(tokens["free"] > 2, $"the line without max_tokens got {tokens["free"]} tokens");
    }

    [Fact]
    public async Task Files_DeletedBySdk_GoneOnceTheirBatchEndedAndKeptWhileItRuns()
    {
        var files = fixture.OpenAi.GetOpenAIFileClient();
        var fileId = await BatchFiles.UploadAsync(fixture.OpenAi, BatchFiles.Questions(200, TestPool.Slow, "del"));
        var batch = await BatchFiles.CreateAsync(fixture.OpenAi, fileId);
        await BatchFiles.PollAsync(batch, b => BatchFiles.Completed(b) > 0);

        // The running batch reads its input again to write its output.
        var inUse = await Assert.ThrowsAsync<ClientResultException>(() => files.DeleteFileAsync(fileId));
        Assert.Equal(409, inUse.Status);
        Assert.Contains("file_in_use", inUse.Message, StringComparison.Ordinal);
        Assert.Equal(fileId, (await files.GetFileAsync(fileId)).Value.Id);

        await batch.CancelAsync(null);
        var done = await BatchFiles.PollAsync(batch, BatchFiles.Ended);
        var outputId = done.GetProperty("output_file_id").GetString()!;
        foreach (var id in new[] { fileId, outputId })
        {
            var deleted = (await files.DeleteFileAsync(id)).Value;
            Assert.True(deleted.Deleted);
            Assert.Equal(id, deleted.FileId);
            Assert.Equal(404, (await Assert.ThrowsAsync<ClientResultException>(() => files.GetFileAsync(id))).Status);
            Assert.Equal(404, (await Assert.ThrowsAsync<ClientResultException>(() => files.DeleteFileAsync(id))).Status);
        }

        Assert.DoesNotContain((await files.GetFilesAsync()).Value, f => f.Id == fileId || f.Id == outputId);
        Assert.Equal("cancelled", BatchFiles.Status(await BatchFiles.GetAsync(batch)));
    }

    [Fact]
    public async Task Batch_CancelledMidRun_EndsCancelledWithCompletedLinesKept()
    {
        var openai = fixture.OpenAi;
        var fileId = await BatchFiles.UploadAsync(openai, BatchFiles.Questions(200, TestPool.Slow, "slow"));
        var batch = await BatchFiles.CreateAsync(openai, fileId);
        await BatchFiles.PollAsync(batch, b => b.GetProperty("request_counts").GetProperty("completed").GetInt32() > 0);

        await batch.CancelAsync(null);
        var done = await BatchFiles.PollAsync(batch, BatchFiles.Ended);

        Assert.Equal("cancelled", done.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Number, done.GetProperty("cancelling_at").ValueKind);
        var (total, completed, failed) = Counts(done);
        Assert.Equal((200, 0), (total, failed));
        Assert.InRange(completed, 1, 199);
        var lines = await BatchFiles.DownloadLinesAsync(openai, done.GetProperty("output_file_id").GetString()!);
        var ids = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("custom_id").GetString()!).ToArray();
        Assert.Equal(completed, ids.Length);
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.All(ids, id => Assert.StartsWith("slow-", id));
    }

    [Fact]
    public async Task Batch_BadLines_GoToTheErrorFileAndTheRestRun()
    {
        var openai = fixture.OpenAi;
        var content = string.Join('\n',
            BatchFiles.Request("ok-1", "mosaic", "What is 1 + 2?"),
            "{ not json",
            BatchFiles.Request("unknown-model", "gpt-4o", "What is 1 + 2?"),
            """{"custom_id": "no-messages", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "mosaic", "messages": []}}""",
            BatchFiles.Request("ok-2", "mosaic", "How many b in abba?"),
            BatchFiles.Request("ok-1", "mosaic", "What is 3 + 4?"),
            "",
            BatchFiles.Request("other-model", "alpha", "What is 3 + 4?"),
            BatchFiles.Request("ok-3", "mosaic", "What is 5 + 6?"));
        var batch = await BatchFiles.CreateAsync(openai, await BatchFiles.UploadAsync(openai, content));

        var done = await BatchFiles.PollAsync(batch, BatchFiles.Ended);

        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal((8, 3, 5), Counts(done));
        var outputs = await BatchFiles.DownloadLinesAsync(openai, done.GetProperty("output_file_id").GetString()!);
        Assert.Equal(["ok-1", "ok-2", "ok-3"], outputs.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("custom_id").GetString()));
        var errors = (await BatchFiles.DownloadLinesAsync(openai, done.GetProperty("error_file_id").GetString()!)).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(
            [(null, "invalid_json"), ("unknown-model", "model_not_found"), ("no-messages", "invalid_value"), ("ok-1", "duplicate_custom_id"), ("other-model", "model_mismatch")],
            errors.Select(e => (e.GetProperty("custom_id").GetString(), e.GetProperty("error").GetProperty("code").GetString())));
        Assert.All(errors, e => Assert.Equal(JsonValueKind.Null, e.GetProperty("response").ValueKind));
        Assert.StartsWith("line 2 is not JSON", errors[0].GetProperty("error").GetProperty("message").GetString());
    }

    private static (int Total, int Completed, int Failed) Counts(JsonElement batch)
    {
        var counts = batch.GetProperty("request_counts");
        return (counts.GetProperty("total").GetInt32(), counts.GetProperty("completed").GetInt32(), counts.GetProperty("failed").GetInt32());
    }
}

using System.ClientModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Mosaic.Aggregation.Gating;
using Mosaic.Gateway.Hosting;
using Mosaic.Grains.Hosting;
using Mosaic.Hosting;
using Mosaic.Scheduling;
using Mosaic.Storage;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Responses;

namespace Mosaic.Gateway.Tests;

/// <summary>
/// Streamed answers arrive as the model writes them: an emulated pool whose calls last about two seconds (the emulated
/// backend writes its text at the pace of the call), a gate that never skips the aggregator, one worker.
/// </summary>
public sealed class StreamingTests : IAsyncLifetime
{
    private const string Thinker = "thinker";
    private static readonly TimeSpan CallLength = TimeSpan.FromSeconds(2);

    private EmbeddedCluster _cluster = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        const double timeScale = 0.4;
        var reasoning = new ExpertOptions { Kind = ExpertKind.Reasoning, LoadSeconds = 0.1, PerPromptSeconds = CallLength.TotalSeconds / timeScale, MeanOutputTokens = 300 };
        _cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions
        {
            Workers = 1,
            Grains = new MosaicGrainsOptions
            {
                Backend = BackendKind.Emulated,
                TimeScale = timeScale,
                PlanTimeLimitMs = 1000,
                Experts = new Dictionary<string, ExpertOptions>(StringComparer.Ordinal)
                {
                    ["quick"] = new() { Kind = ExpertKind.Instruct, LoadSeconds = 0.1, PerPromptSeconds = 0.01, MeanOutputTokens = 20 },
                    [Thinker] = reasoning,
                    ["judge"] = reasoning,
                },
            },
            ServiceId = $"streaming-tests-{Guid.NewGuid():N}",
        });
        _gateway = await GatewayHost.StartAsync(new GatewaySetup
        {
            Cluster = _cluster.ClientOptions(),
            Storage = new MosaicStorageOptions { Provider = MosaicStorageProvider.Memory },
            ServiceId = _cluster.ServiceId,
            Gateway = new GatewayOptions { ApiKeys = [GatewayFixture.ApiKey], BatchScanInterval = TimeSpan.Zero },
            Pool = new PoolOptions { Experts = ["quick", Thinker], Aggregator = "judge", GateRule = GateRule.Off },
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Stream_OneExpertsModel_ThinkingAndContentArriveAsTheModelWritesThem()
    {
        var whole = await CompleteAsync(Thinker, "What is 20 + 22?");

        var deltas = await StreamAsync(Thinker, "What is 20 + 22?");

        // The emulated call writes its trace over two seconds: its thinking comes in several deltas well before the end.
        var thinking = deltas.Where(d => d.Field == "reasoning_content").ToArray();
        Assert.True(thinking.Length >= 3, $"{thinking.Length} thinking deltas");
        Assert.True(deltas[^1].At - thinking[0].At > CallLength / 4, $"first thinking at {thinking[0].At}, end at {deltas[^1].At}");
        Assert.Equal(whole.Reasoning, string.Concat(thinking.Select(d => d.Text)));
        Assert.Equal(whole.Content, string.Concat(deltas.Where(d => d.Field == "content").Select(d => d.Text)));
    }

    [Fact]
    public async Task Stream_Mixture_StreamsTheAggregatorsAnswerAsItIsWritten()
    {
        var deltas = await StreamAsync("mosaic", "What is 2 + 40?");

        // The experts' calls come first (nothing of theirs is streamed); then the aggregator's trace as it is written.
        var thinking = deltas.Where(d => d.Field == "reasoning_content").ToArray();
        Assert.True(thinking.Length >= 3, $"{thinking.Length} thinking deltas");
        Assert.True(deltas[^1].At - thinking[0].At > CallLength / 4, $"first thinking at {thinking[0].At}, end at {deltas[^1].At}");
        Assert.StartsWith("emulated reasoning", string.Concat(thinking.Select(d => d.Text)), StringComparison.Ordinal);
        Assert.StartsWith("The answer is", string.Concat(deltas.Where(d => d.Field == "content").Select(d => d.Text)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_OfficialSdk_ContentEqualsTheWholeCompletionsAndStopsAtAStopSequence()
    {
        var client = new OpenAIClient(new ApiKeyCredential(GatewayFixture.ApiKey), new OpenAIClientOptions { Endpoint = new Uri(_gateway.BaseUrl, "v1") }).GetChatClient(Thinker);
        var options = new ChatCompletionOptions { StopSequences = { "is" } };
        var whole = (await client.CompleteChatAsync([new UserChatMessage("What is 1 + 1?")], options)).Value.Content[0].Text;

        var text = new StringBuilder();
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("What is 1 + 1?")], options))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        Assert.Equal("The answer ", whole);
        Assert.Equal(whole, text.ToString());
    }

    [Fact]
    public async Task Stream_ResponsesApi_ReasoningItemThenMessageAsTheModelWritesThem()
    {
        var client = new ResponsesClient(new ApiKeyCredential(GatewayFixture.ApiKey), new ResponsesClientOptions { Endpoint = new Uri(_gateway.BaseUrl, "v1") });
        var clock = Stopwatch.StartNew();
        var updates = new List<(StreamingResponseUpdate Update, TimeSpan At)>();
        await foreach (var update in await client.CreateResponseStreamingAsync(Thinker, "What is 20 + 22?"))
        {
            updates.Add((update, clock.Elapsed));
        }

        var thinking = updates.Where(u => u.Update is StreamingResponseReasoningTextDeltaUpdate).ToArray();
        var completed = Assert.IsType<StreamingResponseCompletedUpdate>(updates[^1].Update);
        Assert.True(thinking.Length >= 3, $"{thinking.Length} reasoning deltas");
        Assert.True(updates[^1].At - thinking[0].At > CallLength / 4, $"first reasoning delta at {thinking[0].At}, completed at {updates[^1].At}");
        Assert.Equal(
            Assert.Single(updates.Select(u => u.Update).OfType<StreamingResponseReasoningTextDoneUpdate>()).Text,
            string.Concat(thinking.Select(u => ((StreamingResponseReasoningTextDeltaUpdate)u.Update).Delta)));
        Assert.Equal(completed.Response.GetOutputText(), string.Concat(updates.Select(u => u.Update).OfType<StreamingResponseOutputTextDeltaUpdate>().Select(u => u.Delta)));
        // The reasoning item is output 0 and closes before the message (output 1) opens, as in the completed response.
        var added = updates.Select(u => u.Update).OfType<StreamingResponseOutputItemAddedUpdate>().Select(u => u.OutputIndex).ToArray();
        Assert.Equal([0, 1], added);
        Assert.Equal(2, completed.Response.OutputItems.Count);
        // Each item's content part is announced before its first delta and closed before the item, as the SDKs'
        // accumulators (OpenAI's Node SDK's responses.stream()) need to build the response from the events.
        var events = updates.Select(u => u.Update).ToList();
        var reasoningId = "rs_" + completed.Response.Id["resp_".Length..];
        var messageId = "msg_" + completed.Response.Id["resp_".Length..];
        foreach (var (item, firstDelta, itemDone) in new[]
        {
            (reasoningId, events.FindIndex(e => e is StreamingResponseReasoningTextDeltaUpdate), events.FindIndex(e => e is StreamingResponseOutputItemDoneUpdate { OutputIndex: 0 })),
            (messageId, events.FindIndex(e => e is StreamingResponseOutputTextDeltaUpdate), events.FindIndex(e => e is StreamingResponseOutputItemDoneUpdate { OutputIndex: 1 })),
        })
        {
            var partAdded = events.FindIndex(e => e is StreamingResponseContentPartAddedUpdate { ContentIndex: 0 } a && a.ItemId == item);
            var partDone = events.FindIndex(e => e is StreamingResponseContentPartDoneUpdate { ContentIndex: 0 } d && d.ItemId == item);
            Assert.True(partAdded >= 0 && partAdded < firstDelta, $"{item}: part added at {partAdded}, first delta at {firstDelta}");
            Assert.True(partDone > firstDelta && partDone < itemDone, $"{item}: part done at {partDone}, item done at {itemDone}");
        }
    }

    [Fact]
    public async Task JobsApi_StreamTextJob_ProgressEventsCarryWhatEachCallsTextGained()
    {
        using var http = _gateway.Http();
        var jobId = $"texts-{Guid.NewGuid():N}";
        const string spec = """
            {"questions": [{"id": "q1", "text": "What is 1 + 2?", "experts": ["thinker"]}], "expert_pool": ["thinker"], "aggregator": null,
             "gate": {"rule": "off"}, "answer_format": "number", "stream_text": true}
            """;

        Assert.Equal(201, (int)(await http.PostAsync($"v1/jobs?id={jobId}", Json.Body(spec))).StatusCode);
        var events = (await http.GetStringAsync($"v1/jobs/{jobId}/events")).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        var results = await Json.ReadAsync(await http.GetAsync($"v1/jobs/{jobId}/results"));

        // Each event carries only what the call's text gained since the one before (its offset is where the last
        // ended), and the parts make up a prefix of the finished text.
        var final = results.GetProperty("results")[0].GetProperty("expert_calls")[0].GetProperty("text").GetString()!;
        var parts = events.Where(e => e.StartsWith("event: progress", StringComparison.Ordinal))
            .Select(e => JsonDocument.Parse(e.Split("data: ")[1]).RootElement.GetProperty("texts"))
            .Where(t => t.ValueKind == JsonValueKind.Array)
            .Select(t => Assert.Single(t.EnumerateArray()))
            .ToArray();
        Assert.True(parts.Length >= 2, $"{parts.Length} progress events with texts");
        Assert.All(parts, t => Assert.Equal(("q1", 0, Thinker), (t.GetProperty("question_id").GetString(), t.GetProperty("slot").GetInt32(), t.GetProperty("expert").GetString())));
        var texts = parts.Select(t => t.GetProperty("text").GetString()!).ToArray();
        Assert.Equal(texts.Select((_, i) => texts.Take(i).Sum(t => t.Length)), parts.Select(t => t.GetProperty("offset").GetInt32()));
        Assert.StartsWith(string.Concat(texts), final, StringComparison.Ordinal);
        Assert.All(texts, t => Assert.NotEmpty(t));
    }

    private async Task<(string Reasoning, string Content)> CompleteAsync(string model, string question)
    {
        using var http = _gateway.Http();
        var response = await http.PostAsync("v1/chat/completions", Json.Body(new { model, messages = new[] { new { role = "user", content = question } } }));
        var message = (await Json.ReadAsync(response)).GetProperty("choices")[0].GetProperty("message");
        return (message.GetProperty("reasoning_content").GetString()!, message.GetProperty("content").GetString()!);
    }

    /// <summary>Every text delta of a streamed completion with the time it arrived, and last the closing chunk's arrival (field "end").</summary>
    private async Task<List<(string Field, string Text, TimeSpan At)>> StreamAsync(string model, string question)
    {
        using var http = _gateway.Http();
        var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = Json.Body(new { model, stream = true, messages = new[] { new { role = "user", content = question } } }),
        };
        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var deltas = new List<(string Field, string Text, TimeSpan At)>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith("data: {", StringComparison.Ordinal))
            {
                continue;
            }

            var choices = JsonDocument.Parse(line["data: ".Length..]).RootElement.GetProperty("choices");
            if (choices.GetArrayLength() == 0)
            {
                continue;
            }

            if (choices[0].GetProperty("finish_reason").ValueKind == JsonValueKind.String)
            {
                deltas.Add(("end", "", clock.Elapsed));
                continue;
            }

            foreach (var field in new[] { "reasoning_content", "content" })
            {
                if (choices[0].GetProperty("delta").TryGetProperty(field, out var text) && text.GetString() is { Length: > 0 } value)
                {
                    deltas.Add((field, value, clock.Elapsed));
                }
            }
        }

        Assert.Equal("end", deltas[^1].Field);
        return deltas;
    }
}

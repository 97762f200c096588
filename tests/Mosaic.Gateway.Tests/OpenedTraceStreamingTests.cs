using System.ClientModel;
using System.Text.Json;
using Mosaic.Gateway.Hosting;
using Mosaic.Grains.Hosting;
using Mosaic.Hosting;
using Mosaic.Scheduling;
using Mosaic.Storage;
using OpenAI;
using OpenAI.Chat;

namespace Mosaic.Gateway.Tests;

/// <summary>
/// A reasoning model whose prompt opens its trace (DeepSeek-R1-Distill's and QwQ's templates end with <c>&lt;think&gt;\n</c>),
/// streamed while it writes: <see cref="ScriptedReasoner"/> on the TorchSharp backend, whose thinking lasts a few
/// seconds, so the stream starts long before the trace closes.
/// </summary>
public sealed class OpenedTraceStreamingTests : IAsyncLifetime
{
    private const string Thinker = "r1";
    private const int Words = 1000;

    private readonly string _folder = Directory.CreateTempSubdirectory("mosaic-gateway-r1-").FullName;
    private EmbeddedCluster _cluster = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        ScriptedReasoner.Write(_folder, Words);
        _cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions
        {
            Workers = 1,
            Grains = new MosaicGrainsOptions
            {
                Backend = BackendKind.TorchSharp,
                Device = "cpu",
                Threads = 1,
                PlanTimeLimitMs = 1000,
                Experts = new Dictionary<string, ExpertOptions>(StringComparer.Ordinal)
                {
                    [Thinker] = new() { Kind = ExpertKind.Reasoning, ModelPath = _folder, MaxNewTokens = Words + 10, ContextTokens = 4096, LoadSeconds = 0.1, PerPromptSeconds = 3 },
                },
            },
            ServiceId = $"opened-trace-tests-{Guid.NewGuid():N}",
        });
        _gateway = await GatewayHost.StartAsync(new GatewaySetup
        {
            Cluster = _cluster.ClientOptions(),
            Storage = new MosaicStorageOptions { Provider = MosaicStorageProvider.Memory },
            ServiceId = _cluster.ServiceId,
            Gateway = new GatewayOptions { ApiKeys = [GatewayFixture.ApiKey], BatchScanInterval = TimeSpan.Zero },
            Pool = new PoolOptions { Experts = [Thinker] },
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _cluster.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Stream_TraceOpenedByThePrompt_ThinkingUntilItClosesThenTheAnswer()
    {
        var whole = await CompleteAsync(maxTokens: null);
        var (thinking, content, end) = await StreamAsync(maxTokens: null);

        // Everything before </think> is thinking, streamed in many deltas as it is written; then the answer, and the
        // end is the finished message's (no stream_replaced error).
        Assert.Equal((ScriptedReasoner.Thinking(Words), ScriptedReasoner.Answer, "stop"), whole);
        Assert.True(thinking.Count >= 3, $"{thinking.Count} thinking deltas");
        Assert.Equal(whole.Reasoning, string.Concat(thinking));
        Assert.Equal(whole.Content, string.Concat(content));
        Assert.Equal("stop", end);
    }

    /// <summary>
    /// All thinking, no answer: the whole message's content is null beside its reasoning, as vLLM's (it was "" until
    /// 2026-12-06), and the stream sends no content after the role's opening chunk.
    /// </summary>
    [Fact]
    public async Task Stream_TraceOpenedByThePromptCutAtMaxTokens_IsAllThinking()
    {
        var whole = await CompleteAsync(maxTokens: Words / 2);
        var (thinking, content, end) = await StreamAsync(maxTokens: Words / 2);

        Assert.Equal((ScriptedReasoner.Thinking(Words / 2), null, "length"), whole);
        Assert.True(thinking.Count >= 2, $"{thinking.Count} thinking deltas");
        Assert.Equal(whole.Reasoning, string.Concat(thinking));
        Assert.Empty(content);
        Assert.Equal("length", end);
    }

    /// <summary>The official OpenAI .NET client reads the null content of a cut trace, whole and streamed.</summary>
    [Fact]
    public async Task Sdk_TraceCutAtMaxTokens_ReadsTheMessageWithoutContent()
    {
        var client = new OpenAIClient(new ApiKeyCredential(GatewayFixture.ApiKey), new OpenAIClientOptions { Endpoint = new Uri(_gateway.BaseUrl, "v1") }).GetChatClient(Thinker);
        var options = new ChatCompletionOptions { MaxOutputTokenCount = Words / 2 };

        var result = await client.CompleteChatAsync([new UserChatMessage("2+2?")], options);
        var updates = new List<StreamingChatCompletionUpdate>();
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("2+2?")], options))
        {
            updates.Add(update);
        }

        Assert.Equal(ChatFinishReason.Length, result.Value.FinishReason);
        Assert.Empty(result.Value.Content);
        var message = JsonDocument.Parse(result.GetRawResponse().Content).RootElement.GetProperty("choices")[0].GetProperty("message");
        Assert.Equal(JsonValueKind.Null, message.GetProperty("content").ValueKind);
        Assert.Equal(ScriptedReasoner.Thinking(Words / 2), message.GetProperty("reasoning_content").GetString());
        Assert.Equal(ChatFinishReason.Length, updates.Last(u => u.FinishReason is not null).FinishReason);
        Assert.Equal("", string.Concat(updates.SelectMany(u => u.ContentUpdate).Select(c => c.Text)));
    }

    private async Task<(string? Reasoning, string? Content, string? FinishReason)> CompleteAsync(int? maxTokens)
    {
        using var http = _gateway.Http();
        var choice = (await Json.ReadAsync(await http.PostAsync("v1/chat/completions", Json.Body(Request(stream: false, maxTokens))))).GetProperty("choices")[0];
        var message = choice.GetProperty("message");
        return (
            message.TryGetProperty("reasoning_content", out var reasoning) ? reasoning.GetString() : null,
            message.GetProperty("content").GetString(),
            choice.GetProperty("finish_reason").GetString());
    }

    /// <summary>A streamed completion's non-empty thinking and content deltas and its finish reason; asserts it ends in [DONE] without an error event.</summary>
    private async Task<(List<string> Thinking, List<string> Content, string? FinishReason)> StreamAsync(int? maxTokens)
    {
        using var http = _gateway.Http();
        using var response = await http.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = Json.Body(Request(stream: true, maxTokens)) }, HttpCompletionOption.ResponseHeadersRead);
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Where(e => e.StartsWith("data: ", StringComparison.Ordinal)).Select(e => e["data: ".Length..]).ToArray();
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToArray();
        Assert.DoesNotContain(chunks, c => c.TryGetProperty("error", out _));
        var choices = chunks.Select(c => c.GetProperty("choices")).Where(c => c.GetArrayLength() > 0).Select(c => c[0]).ToArray();
        Assert.DoesNotContain(choices.Skip(1), c => c.GetProperty("delta").TryGetProperty("content", out var t) && t.GetString() is "");
        List<string> Deltas(string field) =>
            [.. choices.Select(c => c.GetProperty("delta").TryGetProperty(field, out var t) ? t.GetString() : null).OfType<string>().Where(t => t.Length > 0)];
        var finish = choices.Select(c => c.GetProperty("finish_reason")).Last(f => f.ValueKind == JsonValueKind.String).GetString();
        return (Deltas("reasoning_content"), Deltas("content"), finish);
    }

    private static object Request(bool stream, int? maxTokens) => maxTokens is { } limit
        ? new { model = Thinker, stream, max_tokens = limit, messages = new[] { new { role = "user", content = "2+2?" } } }
        : new { model = Thinker, stream, messages = new[] { new { role = "user", content = "2+2?" } } };
}

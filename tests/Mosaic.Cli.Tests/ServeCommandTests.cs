using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.ClientModel;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Responses;

namespace Mosaic.Cli.Tests;

public sealed class ServeCommandTests : IDisposable
{
    // The same pool file format as mosaic run --config; emulated experts need no model folders.
    private const string Pool = """
        {
          "backend": "emulated",
          "time_scale": 0.01,
          "plan_time_limit_ms": 1000,
          "experts": {
            "alpha": { "load_s": 1, "per_prompt_s": 0.3 },
            "beta": { "load_s": 1, "per_prompt_s": 0.3 },
            "slow": { "load_s": 1, "per_prompt_s": 5 }
          },
          "aggregator": { "name": "judge", "kind": "reasoning", "load_s": 1, "per_prompt_s": 0.5 }
        }
        """;

    // A zoo question of the adding skill; its right answer is computed, not recorded.
    private const string Skill = "add";
    private const int Left = 47;
    private const int Right = 8;
    private static readonly string Question = $"What is {Left} + {Right}?";
    private static readonly string Answer = (Left + Right).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private readonly string _folder = Directory.CreateTempSubdirectory("mosaic-serve-").FullName;

    [Fact]
    public void Serve_MissingZooFolder_OneLineAndExitCode2()
    {
        var missing = Path.Combine(_folder, "no-zoo");

        var (exit, _, stderr) = CliRunner.Run("serve", "--port", "0", "--zoo", missing);

        Assert.Equal((2, $"error: zoo folder '{missing}' does not exist\n"), (exit, stderr));
    }

    [Fact]
    public void Serve_PortHeldByAnotherProcess_OneLineBeforeAnyWorkerStarts()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var held = ((IPEndPoint)holder.LocalEndpoint).Port;
        var data = Path.Combine(_folder, "data");

        var (exit, _, stderr) = CliRunner.Run("serve", "--port", $"{held}", "--data", data);

        Assert.Equal((2, $"error: --port {held} on 127.0.0.1 is already in use by another process; choose another port, or --port 0 for a free one\n"), (exit, stderr));
        Assert.False(Directory.Exists(data), "nothing may be created before the port check");
    }

    /// <summary><c>--cluster</c> serves running silos: embedded-cluster options and malformed addresses are one line, before anything starts.</summary>
    [Theory]
    [InlineData("--workers", "3", "--cluster", "localhost:30000", "--workers, --orleans-port and --data are for the embedded cluster")]
    [InlineData("--data", "somewhere", "--cluster", "sqlite:data", "--workers, --orleans-port and --data are for the embedded cluster")]
    [InlineData("--orleans-port", "40000", "--cluster", "localhost:30000", "--workers, --orleans-port and --data are for the embedded cluster")]
    [InlineData("--cluster", "mongodb:x", "--port", "0", "--cluster must be localhost:PORT[,PORT...], sqlite:FOLDER or postgres:CONNECTION-STRING, got 'mongodb:x'")]
    [InlineData("--cluster", "localhost:http", "--port", "0", "--cluster: 'http' is not a gateway port")]
    public void Serve_ClusterWithEmbeddedOptionsOrABadAddress_OneLineAndExitCode2(string a, string b, string c, string d, string message)
    {
        var (exit, _, stderr) = CliRunner.Run("serve", a, b, c, d);

        Assert.Equal(2, exit);
        Assert.StartsWith($"error: {message}", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    /// <summary>A PostgreSQL store nothing answers on: one line naming it and exit code 1 (it said "internal error").</summary>
    [Fact]
    public void Serve_ClusterStoreUnreachable_OneLineNamingItAndExitCode1()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var closed = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        var (exit, _, stderr) = CliRunner.Run("serve", "--cluster", $"postgres:Host=127.0.0.1;Port={closed};Username=mosaic;Password=s3cret;Database=mosaic;Timeout=3", "--port", "0");

        Assert.Equal(1, exit);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"error: PostgreSQL storage: cannot connect to 127.0.0.1:{closed}/mosaic as mosaic", lines[^1], StringComparison.Ordinal);
        Assert.All(lines[..^1], l => Assert.StartsWith("serve: ", l, StringComparison.Ordinal)); // its progress, no trace
        Assert.DoesNotContain("s3cret", stderr, StringComparison.Ordinal);
    }

    /// <summary>Kestrel listens on every address for a host name it cannot parse; serve refuses it rather than open the pool to the network.</summary>
    [Theory]
    [InlineData("bad host")]
    [InlineData("example.com")]
    public void Serve_HostThatIsNotAnAddress_OneLineAndExitCode2(string host)
    {
        var (exit, _, stderr) = CliRunner.Run("serve", "--host", host, "--port", "0", "--zoo", _folder);

        Assert.Equal((2, $"error: --host must be an IP address (127.0.0.1, 0.0.0.0, ::1, …) or localhost, got '{host}'\n"), (exit, stderr));
    }

    /// <summary>A free port (--port 0) on a loopback host given by name or as IPv6: Kestrel cannot bind the name localhost to port 0.</summary>
    [Theory]
    [InlineData("localhost")]
    [InlineData("::1")]
    public async Task Serve_FreePortOnLoopbackByNameOrIpv6_Answers(string host)
    {
        var pool = Path.Combine(_folder, "pool.json");
        await File.WriteAllTextAsync(pool, Pool);
        using var serve = await ServeProcess.StartAsync(pool, Path.Combine(_folder, "data"), "--host", host);
        using var http = new HttpClient { BaseAddress = serve.BaseUrl };

        var models = await http.GetStringAsync("v1/models");

        Assert.Contains("\"mosaic\"", models, StringComparison.Ordinal);
        Assert.Equal(0, await serve.TerminateAsync());
    }

    /// <summary>Each request's access line on stderr, as the standalone gateway writes it (serve logged none until 2026-12-06).</summary>
    [Fact]
    public async Task Serve_EachRequest_OneAccessLineOnStderr()
    {
        var pool = Path.Combine(_folder, "pool.json");
        await File.WriteAllTextAsync(pool, Pool);
        using var serve = await ServeProcess.StartAsync(pool, Path.Combine(_folder, "data"));
        using var http = new HttpClient { BaseAddress = serve.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/models/nope") { Headers = { { "x-request-id", "req-serve" } } };

        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(request)).StatusCode);
        for (var deadline = DateTime.UtcNow.AddSeconds(30); !serve.Errors.Contains("(request req-serve,", StringComparison.Ordinal);)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no access line:\n{serve.Errors}");
            await Task.Delay(100);
        }

        Assert.Matches(@"GET /v1/models/nope 404 \d+\.\d ms \(request req-serve, trace [0-9a-f]{32}\)", serve.Errors);
        Assert.Equal(0, await serve.TerminateAsync());
    }

    [Fact]
    public async Task Serve_AllowedOrigin_ABrowserPageOfItMayCallTheApi()
    {
        var pool = Path.Combine(_folder, "pool.json");
        await File.WriteAllTextAsync(pool, Pool);
        using var serve = await ServeProcess.StartAsync(pool, Path.Combine(_folder, "data"), "--api-key", "sk-serve", "--allowed-origin", "http://localhost:3000");
        using var http = new HttpClient { BaseAddress = serve.BaseUrl };
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "v1/chat/completions")
        {
            Headers = { { "Origin", "http://localhost:3000" }, { "Access-Control-Request-Method", "POST" }, { "Access-Control-Request-Headers", "authorization" } },
        };

        var response = await http.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("http://localhost:3000", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal(0, await serve.TerminateAsync());
    }

    [Fact]
    public async Task Serve_GatewaySettingsFromTheEnvironment_Apply()
    {
        // serve took its flags alone until 2026-12-05: Mosaic__Gateway__ChatTimeout and the rest were ignored.
        var pool = Path.Combine(_folder, "pool.json");
        await File.WriteAllTextAsync(pool, Pool);
        using var serve = await ServeProcess.StartAsync(
            pool, Path.Combine(_folder, "data"), new Dictionary<string, string> { ["Mosaic__Gateway__MaxRequestBytes"] = "600" }, "--warm-up", "false");
        using var http = new HttpClient { BaseAddress = serve.BaseUrl };
        var question = new string('x', 1000);

        var response = await http.PostAsync("v1/chat/completions", new StringContent(
            $$"""{"model": "mosaic", "messages": [{"role": "user", "content": "{{question}}"}]}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("MaxRequestBytes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await serve.TerminateAsync());
    }

    [Theory]
    [InlineData("Mosaic__Gateway__ChatTimeout", "abc", "error: Failed to convert configuration value 'abc' at 'Mosaic:Gateway:ChatTimeout' to a duration (hh:mm:ss).")]
    [InlineData("Mosaic__Gateway__MaxRequestBytes", "-5", "error: Mosaic:Gateway:MaxUploadBytes, MaxRequestBytes, MaxBatchLines and WarmUpBatchSize must be positive.")]
    public async Task Serve_BadGatewaySettingInTheEnvironment_OneLineBeforeAnyWorkerStarts(string name, string value, string expected)
    {
        // An internal error, exit 1, once both workers had started, until 2026-12-05.
        var pool = Path.Combine(_folder, "pool.json");
        await File.WriteAllTextAsync(pool, Pool);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { typeof(MosaicApp).Assembly.Location, "serve", "--port", "0", "--config", pool, "--data", Path.Combine(_folder, "data") })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment[name] = value;
        using var serve = Process.Start(start)!;
        var stderr = serve.StandardError.ReadToEndAsync();
        var stdout = serve.StandardOutput.ReadToEndAsync();
        await serve.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.Equal(2, serve.ExitCode);
        Assert.StartsWith(expected, await stderr, StringComparison.Ordinal);
        Assert.Single((await stderr).Trim().Split('\n'));
        Assert.Empty(await stdout);
    }

    [Fact]
    public void Serve_AllowedOriginWithAPath_OneLineAndExitCode2()
    {
        var (exit, _, stderr) = CliRunner.Run("serve", "--port", "0", "--allowed-origin", "http://localhost:3000/app");

        Assert.Equal(
            (2, "error: --allowed-origin 'http://localhost:3000/app' is not an origin: give scheme, host and port only (http://localhost:3000, https://chat.example.com) or *\n"),
            (exit, stderr));
    }

    /// <summary>
    /// SIGTERM with requests in flight: the gateway stops taking new ones and answers those it has before the workers
    /// stop (until 2026-12-05 every host of the process stopped at once and the requests in flight got 500s and 503s).
    /// </summary>
    [Fact]
    public async Task Serve_TerminatedWithRequestsInFlight_AnswersThemAllThenStops()
    {
        var pool = Path.Combine(_folder, "pool.json");
        await File.WriteAllTextAsync(pool, Pool.Replace("\"time_scale\": 0.01", "\"time_scale\": 0.3", StringComparison.Ordinal)); // a call of 'slow' takes 1.5 s
        using var serve = await ServeProcess.StartAsync(pool, Path.Combine(_folder, "data"));
        using var http = new HttpClient { BaseAddress = serve.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        var requests = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            using var response = await http.PostAsJsonAsync("v1/chat/completions",
                new { model = "slow", stream = i % 2 == 1, messages = new[] { new { role = "user", content = $"What is {i} + 1?" } } });
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        })).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(0.7));

        var exit = await serve.TerminateAsync();
        var answers = await Task.WhenAll(requests);

        Assert.Equal(0, exit);
        Assert.All(answers, a => Assert.True(a.Item1 == 200, $"{a.Item1}: {a.Item2}"));
        Assert.All(answers.Where((_, i) => i % 2 == 1), a => Assert.EndsWith("data: [DONE]\n\n", a.Item2, StringComparison.Ordinal));
    }

    /// <summary>
    /// SIGTERM with requests that cannot finish within the stop budget: before it runs out each gets an answer it can
    /// act on (a 503 <c>server_shutting_down</c>; on a stream, that error as an event and <c>[DONE]</c>; on a job's
    /// events, that error event) and the chat jobs are cancelled. Until 2026-12-06 the host reset their connections when
    /// the budget ended, and the jobs ran on.
    /// </summary>
    [Fact]
    public async Task Serve_TerminatedWithRequestsLongerThanItsStopBudget_AnswersThem503BeforeItRunsOut()
    {
        var pool = Path.Combine(_folder, "pool.json");
        await File.WriteAllTextAsync(pool, Pool.Replace("\"time_scale\": 0.01", "\"time_scale\": 6", StringComparison.Ordinal)); // a call of 'slow' takes 30 s
        using var serve = await ServeProcess.StartAsync(pool, Path.Combine(_folder, "data"), new Dictionary<string, string> { ["DOTNET_shutdownTimeoutSeconds"] = "6" });
        using var http = new HttpClient { BaseAddress = serve.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        var job = $"long-{Guid.NewGuid():N}";
        var spec = """{"questions": [{"id": "q1", "text": "What is 1 + 2?", "experts": ["slow"]}], "expert_pool": ["slow"], "aggregator": "judge", "gate": {"rule": "vote", "threshold": 0.66}, "answer_format": "number"}""";
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync($"v1/jobs?id={job}", new StringContent(spec, System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        var events = http.GetStringAsync($"v1/jobs/{job}/events");
        var requests = new[] { false, true }.Select(stream => Task.Run(async () =>
        {
            using var response = await http.PostAsJsonAsync("v1/chat/completions", new { model = "slow", stream, messages = new[] { new { role = "user", content = "What is 1 + 1?" } } });
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        })).ToArray();
        await Task.Delay(Mosaic.Gateway.Hosting.ServerSentEvents.KeepAliveInterval + TimeSpan.FromSeconds(1)); // the stream has started: its status line has gone

        var clock = Stopwatch.StartNew();
        var exit = await serve.TerminateAsync();
        var (plain, streamed) = (await requests[0], await requests[1]);

        Assert.Equal(0, exit);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(25), $"stopped after {clock.Elapsed}");
        Assert.Equal(503, plain.Item1);
        Assert.Equal("server_shutting_down", JsonDocument.Parse(plain.Item2).RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(200, streamed.Item1);
        Assert.Contains("\"code\":\"server_shutting_down\"", streamed.Item2, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", streamed.Item2, StringComparison.Ordinal);
        Assert.Contains("event: error\ndata: {\"error\":{\"message\":\"The gateway is stopping; the job is not cancelled.", await events, StringComparison.Ordinal);
        // The stream's job, as the store kept it: cancelled (a job left running would have resumed with the restart).
        var chatJob = JsonDocument.Parse(streamed.Item2.Split('\n').First(l => l.StartsWith("data: {", StringComparison.Ordinal))[6..]).RootElement.GetProperty("id").GetString();
        using var again = await ServeProcess.StartAsync(pool, Path.Combine(_folder, "data"));
        using var http2 = new HttpClient { BaseAddress = again.BaseUrl };
        var (chatStatus, jobStatus) = (await StatusAsync(chatJob!), await StatusAsync(job));
        Assert.Equal(0, await again.TerminateAsync());
        Assert.Equal(("cancelled", "running"), (chatStatus, jobStatus));

        async Task<string?> StatusAsync(string id) =>
            JsonDocument.Parse(await http2.GetStringAsync($"v1/jobs/{id}")).RootElement.GetProperty("status").GetString();
    }

    /// <summary>
    /// --orleans-port: the embedded cluster listens on fixed Orleans ports with a fixed cluster id, so an Orleans client
    /// (here <c>mosaic run --cluster</c>) configured once reaches it again after a restart. Before, every start took free
    /// ports and a new cluster id.
    /// </summary>
    [Fact]
    public async Task Serve_WithAnOrleansPort_KeepsItsOrleansAddressAcrossARestart_AndAClientReachesBoth()
    {
        var pool = Path.Combine(_folder, "pool.json");
        await File.WriteAllTextAsync(pool, Pool);
        var first = Mosaic.Hosting.FreePorts.Run(4);
        var input = Path.Combine(_folder, "requests.jsonl");
        await File.WriteAllTextAsync(input, BatchRequestsTests.Request("a", "What is 2 + 3?") + "\n");
        var joins = new List<string>();
        for (var start = 0; start < 2; start++)
        {
            using var serve = await ServeProcess.StartAsync(pool, Path.Combine(_folder, "data"), "--orleans-port", first.ToString(System.Globalization.CultureInfo.InvariantCulture));
            joins.Add(serve.Errors.Split('\n').Single(l => l.StartsWith("serve: Orleans clients join", StringComparison.Ordinal)));
            var (exit, stdout, stderr) = CliRunner.Run(
                "run", "-i", input, "-o", Path.Combine(_folder, $"out-{start}.jsonl"), "--config", pool, "--cluster", $"localhost:{first + 1},{first + 3}", "--cluster-id", "mosaic", "--json");
            Assert.True(exit == 0, stderr);
            Assert.Equal(1, JsonDocument.Parse(stdout).RootElement.GetProperty("answered").GetInt32());
            Assert.Equal(0, await serve.TerminateAsync());
        }

        Assert.Equal(joins[0], joins[1]);
        Assert.StartsWith($"serve: Orleans clients join localhost:{first + 1},{first + 3}, cluster id mosaic, service id mosaic", joins[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_OrleansPortTaken_OneLineAndExitCode2BeforeAnyWorkerStarts()
    {
        var first = Mosaic.Hosting.FreePorts.Run(2);
        using var taken = new TcpListener(IPAddress.Any, first + 1);
        taken.Start();

        var (exit, _, stderr) = CliRunner.Run("serve", "--port", "0", "--workers", "1", "--orleans-port", first.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(2, exit);
        Assert.Equal($"error: --orleans-port {first}: port {first + 1} (of {first}–{first + 1}) is already in use by another process; choose another first port\n", stderr);
    }

    /// <summary>SIGTERM while the gateway still waits for the cluster it was pointed at: a clean stop (until 2026-12-05 an internal error and a crash in the signal handler).</summary>
    [Fact]
    public async Task Serve_TerminatedWhileTheClusterDoesNotAnswer_StopsCleanly()
    {
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var silent = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var pool = Path.Combine(_folder, "pool.json");
        await File.WriteAllTextAsync(pool, Pool);
        // Once the client says it found no silo, the gateway's client is trying to connect.
        using var serve = await RunningProcess.StartMosaicAsync(_folder, "No silo of the cluster has answered yet", "serve", "--cluster", $"localhost:{silent}", "--port", "0", "--config", pool);

        var exit = await RunningProcess.TerminateAsync(serve.Process);

        Assert.True(exit == 0, $"exit code {exit}:\n{serve.Stderr}");
        Assert.Contains("serve: stopped before the cluster answered", serve.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", serve.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", serve.Stderr, StringComparison.Ordinal);
        // One line of the client's saying why, not Orleans' warning with a stack trace per attempt (until 2026-12-05).
        Assert.Contains($"No silo of the cluster has answered yet (cluster id 'default', service id 'default', gateways localhost:{silent}; attempt 1: Unable to connect to 127.0.0.1:{silent}. Error: ConnectionRefused)", serve.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", serve.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_ZooWithoutPoolFile_OneLineAndExitCode2()
    {
        var (exit, _, stderr) = CliRunner.Run("serve", "--port", "0", "--zoo", _folder);

        Assert.Equal((2, $"error: no pool: the zoo folder '{_folder}' has no pool.json; pass --zoo DIR or --config pool.json\n"), (exit, stderr));
    }

    [Fact]
    public async Task Serve_DefaultZooPool_OpenAiSdkGetsTheRightAnswerFromTheTorchSharpModels_AndMetricsCountIt()
    {
        using var serve = await ServeProcess.StartAsync(null, Path.Combine(_folder, "data"), "--api-key", "sk-serve");
        var openai = new OpenAIClient(new ApiKeyCredential("sk-serve"), new OpenAIClientOptions { Endpoint = new Uri(serve.BaseUrl, "v1") });

        var models = (await openai.GetOpenAIModelClient().GetModelsAsync()).Value.Select(m => m.Id).ToArray();
        var result = await openai.GetChatClient("mosaic").CompleteChatAsync([new UserChatMessage(Question)]);

        Assert.Equal(["mosaic", "quick-small", "quick-medium", "quick-large", "think-arith", "think-lists", "think-large"], models);
        var mosaic = JsonDocument.Parse(result.GetRawResponse().Content).RootElement.GetProperty("mosaic");
        Assert.False(mosaic.GetProperty("emulated").GetBoolean());
        Assert.Equal(Skill, mosaic.GetProperty("skill").GetString());
        Assert.Equal(Answer, mosaic.GetProperty("final_answer").GetString());
        Assert.Contains(Answer, result.Value.Content[0].Text);
        // The Responses API gives the same message, and the thinking before it as a reasoning item the SDK reads.
        var responses = new ResponsesClient(new ApiKeyCredential("sk-serve"), new ResponsesClientOptions { Endpoint = new Uri(serve.BaseUrl, "v1") });
        var response = (await responses.CreateResponseAsync("mosaic", Question)).Value;
        Assert.Equal(result.Value.Content[0].Text, response.GetOutputText());
        var reasoning = JsonDocument.Parse(result.GetRawResponse().Content).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("reasoning_content");
        Assert.Equal(reasoning.ValueKind == JsonValueKind.String, response.OutputItems[0] is ReasoningResponseItem);

        // More new tokens than any zoo model's context: a 400 streamed or not (streamed, it was a 200 and then an error event).
        var dataFolder = Path.Combine(_folder, "data");
        var jobsBefore = StoredJobIds(dataFolder);
        var tooLong = new ChatCompletionOptions { MaxOutputTokenCount = 1024 };
        var whole = await Assert.ThrowsAsync<ClientResultException>(() => openai.GetChatClient("mosaic").CompleteChatAsync([new UserChatMessage(Question)], tooLong));
        var streamed = await Assert.ThrowsAsync<ClientResultException>(async () =>
        {
            await foreach (var _ in openai.GetChatClient("mosaic").CompleteChatStreamingAsync([new UserChatMessage(Question)], tooLong))
            {
            }
        });
        Assert.Equal((400, 400), (whole.Status, streamed.Status));
        Assert.Contains("context_length_exceeded", streamed.Message, StringComparison.Ordinal);
        // Nobody can read a refused request's job (the client never learns its id), so its prompt is not kept for an hour.
        for (var waited = 0; !StoredJobIds(dataFolder).SetEquals(jobsBefore); waited++)
        {
            Assert.True(waited < 100, $"the refused requests' jobs were still stored 10 s later: {string.Join(", ", StoredJobIds(dataFolder).Except(jobsBefore))}");
            await Task.Delay(100);
        }

        using var http = new HttpClient { BaseAddress = serve.BaseUrl };
        var text = await http.GetStringAsync("metrics");
        Assert.Contains("mosaic_questions_answered", text, StringComparison.Ordinal);
        Assert.Contains("mosaic_model_loads", text, StringComparison.Ordinal);
        // Real models time their first tokens: one first-token time per completed call.
        var metrics = PrometheusText.Parse(text);
        var completed = metrics.Sum("mosaic_calls_total", ("status", "completed"));
        Assert.True(completed >= 3);
        Assert.Equal(completed, metrics.Sum("mosaic_call_time_to_first_token_seconds_count"));
        Assert.True(metrics.Sum("mosaic_call_time_to_first_token_seconds_sum") > 0);
        Assert.True(metrics.Sum("mosaic_call_time_per_output_token_seconds_count") > 0);
        Assert.Equal(0, await serve.TerminateAsync());
    }

    [Theory]
    [InlineData("{ \"experts\": ", "not valid JSON")]
    [InlineData("{ \"Mosaic\": { \"Experts\": { \"a\": {} }, \"Pool\": { \"Aggregator\": \"judge\" } } }", "this is a silo settings file")]
    [InlineData("{ \"experts\": {} }", "\"experts\" must be an object with at least one expert")]
    [InlineData("{ \"backend\": \"emulated\", \"experts\": { \"a\": {} }, \"aggregator\": { \"name\": \"a@b\" } }", "must be non-empty and contain no '@' or '/'")]
    [InlineData("{ \"backend\": \"emulated\", \"experts\": { \"mosaic\": {} }, \"aggregator\": {} }", "model 'mosaic' is also the name of an expert")]
    public void Serve_BadPoolFile_OneLineNamingTheProblem(string content, string message)
    {
        var file = Path.Combine(_folder, "pool.json");
        File.WriteAllText(file, content);

        var (exit, _, stderr) = CliRunner.Run("serve", "--config", file, "--port", "0");

        Assert.Equal(2, exit);
        Assert.Contains(message, stderr);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Serve_AsAProcess_AnswersThenStopsOnSigtermAndARestartFinishesTheBatch()
    {
        var pool = Path.Combine(_folder, "pool.json");
        await File.WriteAllTextAsync(pool, Pool);
        var data = Path.Combine(_folder, "data");

        string batchId;
        using (var first = await ServeProcess.StartAsync(pool, data))
        {
            using var http = new HttpClient { BaseAddress = first.BaseUrl };
            Assert.Equal(200, await ReadyStatusAsync(http));
            var chat = await http.PostAsJsonAsync("/v1/chat/completions", new { model = "alpha", messages = new[] { new { role = "user", content = "What is 1 + 1?" } } });
            Assert.Equal(200, (int)chat.StatusCode);
            Assert.Equal("alpha", (await chat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mosaic").GetProperty("experts")[0].GetProperty("model").GetString());

            var lines = string.Join('\n', Enumerable.Range(0, 60).Select(i => JsonSerializer.Serialize(new
            {
                custom_id = $"r{i}", method = "POST", url = "/v1/chat/completions", body = new { model = "slow", messages = new[] { new { role = "user", content = $"What is {i} + 1?" } } },
            })));
            using var upload = new MultipartFormDataContent { { new StringContent("batch"), "purpose" }, { new StringContent(lines), "file", "in.jsonl" } };
            var fileId = (await (await http.PostAsync("/v1/files", upload)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
            var batch = await (await http.PostAsJsonAsync("/v1/batches", new { input_file_id = fileId, endpoint = "/v1/chat/completions", completion_window = "24h" }))
                .Content.ReadFromJsonAsync<JsonElement>();
            batchId = batch.GetProperty("id").GetString()!;
            Assert.Equal("in_progress", batch.GetProperty("status").GetString());

            Assert.Equal(0, await first.TerminateAsync());
            Assert.Contains("Mosaic stopped.", first.Output);
        }

        using var second = await ServeProcess.StartAsync(pool, data);
        using var client = new HttpClient { BaseAddress = second.BaseUrl };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        JsonElement state;
        while ((state = await client.GetFromJsonAsync<JsonElement>($"/v1/batches/{batchId}")).GetProperty("status").GetString() is "in_progress" or "validating" or "finalizing")
        {
            Assert.True(DateTime.UtcNow < deadline, $"the restarted server did not finish the batch: {state}");
            await Task.Delay(200);
        }

        Assert.Equal("completed", state.GetProperty("status").GetString());
        var output = await client.GetStringAsync($"/v1/files/{state.GetProperty("output_file_id").GetString()}/content");
        var ids = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("custom_id").GetString()).ToArray();
        Assert.Equal(Enumerable.Range(0, 60).Select(i => $"r{i}").Order(), ids.Order());
        Assert.Equal(0, await second.TerminateAsync());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// /readyz until it answers 200, for up to a minute: the probe gives the cluster 2 s to answer, which a heavily loaded
    /// two-core machine can exceed right after start.
    /// </summary>
    private static async Task<int> ReadyStatusAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var status = (int)(await http.GetAsync("/readyz")).StatusCode;
            if (status == 200 || DateTime.UtcNow > deadline)
            {
                return status;
            }

            await Task.Delay(250);
        }
    }

    /// <summary>The ids of the jobs in a served data folder's SQLite store.</summary>
    private static HashSet<string> StoredJobIds(string dataFolder)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataFolder, Mosaic.Storage.MosaicStorage.SqliteFileName)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT job_id FROM mosaic_job";
        using var reader = command.ExecuteReader();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}

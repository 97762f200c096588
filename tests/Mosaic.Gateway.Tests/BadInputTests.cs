using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Mosaic.Gateway.Hosting;
using Mosaic.Storage.Batches;
using Mosaic.Testing;

namespace Mosaic.Gateway.Tests;

/// <summary>Bad requests get OpenAI's error shape with the right status, and leave nothing behind.</summary>
[Collection(GatewayCollection.Name)]
public sealed class BadInputTests(GatewayFixture fixture)
{
    [Theory]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [", 400, "invalid_json", null)]
    [InlineData("[1, 2]", 400, "invalid_json", null)]
    [InlineData("{\"model\": \"gpt-4o\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", 404, "model_not_found", "model")]
    [InlineData("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", 400, "missing_required_parameter", "model")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": []}", 400, "invalid_value", "messages")]
    [InlineData("{\"model\": \"mosaic\"}", 400, "missing_required_parameter", "messages")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"system\", \"content\": \"be brief\"}]}", 400, "invalid_value", "messages")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"n\": 2}", 400, "invalid_value", "n")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"n\": \"2\"}", 400, "invalid_type", "n")] // was a 500
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"n\": true}", 400, "invalid_type", "n")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"mosaic\": {\"skill\": \"poetry\"}}", 400, "invalid_value", "mosaic.skill")]
    // Accepted and dropped without a word until 2026-12-04.
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"mosaic\": 3}", 400, "invalid_type", "mosaic")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"mosaic\": {\"experts\": \"alpha\"}}", 400, "invalid_type", "mosaic.experts")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"mosaic\": {\"experts\": []}}", 400, "invalid_value", "mosaic.experts")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"mosaic\": {\"experts\": [1]}}", 400, "invalid_type", "mosaic.experts")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"mosaic\": {\"expert\": [\"alpha\"]}}", 400, "invalid_value", "mosaic.expert")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"mosaic\": {\"experts\": [\"alpha\", \"gpt\"]}}", 400, "invalid_value", "mosaic.experts")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"mosaic\": {\"experts\": [\"judge\"]}}", 400, "invalid_value", "mosaic.experts")]
    [InlineData("{\"model\": \"alpha\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"mosaic\": {\"experts\": [\"beta\"]}}", 400, "invalid_value", "mosaic.experts")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"temperature\": 5}", 400, "invalid_value", "temperature")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"temperature\": \"hot\"}", 400, "invalid_type", "temperature")] // invalid_value until 2026-12-05, unlike every other wrong type
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"top_p\": -1}", 400, "invalid_value", "top_p")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"seed\": 1.5}", 400, "invalid_type", "seed")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"service_tier\": \"scale\"}", 400, "invalid_value", "service_tier")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"service_tier\": 1}", 400, "invalid_type", "service_tier")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"logprobs\": true}", 400, "unsupported_value", "logprobs")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"response_format\": {\"type\": \"json_object\"}}", 400, "unsupported_value", "response_format")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"tool_choice\": \"required\"}", 400, "unsupported_value", "tool_choice")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"stop\": 3}", 400, "invalid_type", "stop")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"stop\": [\"a\", \"b\", \"c\", \"d\", \"e\"]}", 400, "invalid_value", "stop")]
    // Accepted without a word until 2026-12-05.
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"stream_options\": {\"include_usage\": true}}", 400, "invalid_value", "stream_options")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"stream\": true, \"stream_options\": true}", 400, "invalid_type", "stream_options")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"user\": 42}", 400, "invalid_type", "user")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"metadata\": [\"a\"]}", 400, "invalid_type", "metadata")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"max_tokens\": \"5\"}", 400, "invalid_type", "max_tokens")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"max_tokens\": 1.5}", 400, "invalid_type", "max_tokens")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"max_tokens\": 0}", 400, "invalid_value", "max_tokens")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"functions\": [{\"name\": \"f\"}], \"function_call\": {\"name\": \"f\"}}", 400, "unsupported_value", "function_call")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"functions\": \"f\"}", 400, "invalid_type", "functions")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"metadata\": {\"run\": 7}}", 400, "invalid_type", "metadata")]
    // Accepted without a word (or named as another field) until 2026-12-06.
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"logprobs\": \"yes\"}", 400, "invalid_type", "logprobs")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"top_logprobs\": \"x\"}", 400, "invalid_type", "top_logprobs")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"top_logprobs\": -1}", 400, "invalid_value", "top_logprobs")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"top_logprobs\": 2}", 400, "unsupported_value", "top_logprobs")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"tools\": \"x\"}", 400, "invalid_type", "tools")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"store\": \"x\"}", 400, "invalid_type", "store")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"audio\": 5}", 400, "invalid_type", "audio")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"audio\": {\"voice\": \"alloy\", \"format\": \"wav\"}}", 400, "unsupported_value", "audio")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"prediction\": 5}", 400, "invalid_type", "prediction")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"logit_bias\": {\"1\": 5}}", 400, "unsupported_value", "logit_bias")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"modalities\": [\"text\", \"audio\"]}", 400, "unsupported_value", "modalities")]
    [InlineData("{\"model\": \"mosaic\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"tool_choice\": 5}", 400, "invalid_type", "tool_choice")]
    public async Task ChatCompletion_BadRequest_OpenAiErrorNamingTheParameter(string body, int status, string code, string? param)
    {
        using var http = fixture.Http();

        var error = await Json.AssertErrorAsync(await http.PostAsync("v1/chat/completions", Json.Body(body)), status, code);

        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task ChatCompletion_Metadata_WithinOpenAisLimitsAccepted_BeyondThemRefused()
    {
        using var http = fixture.Http();
        string Body(string metadata) => $$"""{"model": "mosaic", "messages": [{"role": "user", "content": "Which is right? (A) one (B) two"}], "user": "u-1", "metadata": {{metadata}}}""";
        var sixteen = "{" + string.Join(", ", Enumerable.Range(0, 16).Select(i => $"\"k{i}\": \"{new string('v', 512)}\"")) + "}";

        var accepted = await http.PostAsync("v1/chat/completions", Json.Body(Body(sixteen)));
        var tooMany = await http.PostAsync("v1/chat/completions", Json.Body(Body(sixteen.Replace("}", ", \"k16\": \"v\"}", StringComparison.Ordinal))));
        var longKey = await http.PostAsync("v1/chat/completions", Json.Body(Body($"{{\"{new string('k', 65)}\": \"v\"}}")));
        var longValue = await http.PostAsync("v1/chat/completions", Json.Body(Body($"{{\"k\": \"{new string('v', 513)}\"}}")));

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("'metadata' holds more than 16 pairs.", (await Json.AssertErrorAsync(tooMany, 400, "invalid_value")).GetProperty("message").GetString());
        Assert.Equal("'metadata' has a key longer than 64 characters.", (await Json.AssertErrorAsync(longKey, 400, "invalid_value")).GetProperty("message").GetString());
        Assert.Equal("'metadata.k' must be a string of at most 512 characters.", (await Json.AssertErrorAsync(longValue, 400, "invalid_value")).GetProperty("message").GetString());
    }

    [Fact]
    public async Task ExpiryNotKept_400NotSilence_AndNothingStored()
    {
        using var http = fixture.Http();
        var before = await FileCountAsync();
        using var upload = new MultipartFormDataContent
        {
            { new StringContent("batch"), "purpose" },
            { new StringContent("created_at"), "expires_after[anchor]" },
            { new StringContent("3600"), "expires_after[seconds]" },
            { new StringContent("{}"), "file", "a.jsonl" },
        };
        const string batch = "{\"input_file_id\": \"file-none\", \"endpoint\": \"/v1/chat/completions\", \"completion_window\": \"24h\", \"output_expires_after\": {\"anchor\": \"created_at\", \"seconds\": 3600}}";

        var file = await Json.AssertErrorAsync(await http.PostAsync("v1/files", upload), 400, "unsupported_value");
        var output = await Json.AssertErrorAsync(await http.PostAsync("v1/batches", Json.Body(batch)), 400, "unsupported_value");

        Assert.Equal("expires_after", file.GetProperty("param").GetString());
        Assert.Equal("output_expires_after", output.GetProperty("param").GetString());
        Assert.Equal(before, await FileCountAsync());
    }

    [Fact]
    public async Task Upload_OneHundredMegabytesAndOneByte_413AndNothingStored()
    {
        using var http = fixture.Http();
        var before = await FileCountAsync();
        using var content = new MultipartFormDataContent { { new StringContent("batch"), "purpose" } };
        var file = new ByteArrayContent(new byte[100 * 1024 * 1024 + 1]);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
        content.Add(file, "file", "huge.jsonl");
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/files") { Content = content };
        request.Headers.ExpectContinue = true;

        await Json.AssertErrorAsync(await http.SendAsync(request), 413, "payload_too_large");

        Assert.Equal(before, await FileCountAsync());
    }

    [Fact]
    public async Task Upload_OverTheConfiguredLimitWithoutLength_413AndNothingStored()
    {
        await using var small = await fixture.StartGatewayAsync(o => (o.MaxUploadBytes, o.BatchScanInterval) = (64 * 1024, TimeSpan.Zero));
        using var http = small.Http();
        var before = await FileCountAsync();
        var line = BatchFiles.Request("x", "mosaic", "What is 1 + 1?") + "\n";
        var body = string.Concat(Enumerable.Repeat(line, 65 * 1024 / line.Length + 1));
        using var content = new MultipartFormDataContent { { new StringContent("batch"), "purpose" }, { new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body))), "file", "big.jsonl" } };
        content.Headers.ContentLength = null;

        await Json.AssertErrorAsync(await http.PostAsync("v1/files", content), 413, "payload_too_large");

        Assert.Equal(before, await FileCountAsync());
        using var fits = new MultipartFormDataContent { { new StringContent("batch"), "purpose" }, { new StringContent(line), "file", "ok.jsonl" } };
        Assert.Equal(200, (int)(await http.PostAsync("v1/files", fits)).StatusCode);
    }

    [Fact]
    public async Task Upload_DeclaredLengthOverTheLimit_413NamingTheFilesLimit()
    {
        // The body may carry the form's own bytes beyond the file's limit; the message used to name that sum (67,536).
        await using var small = await fixture.StartGatewayAsync(o => (o.MaxUploadBytes, o.BatchScanInterval) = (64 * 1024, TimeSpan.Zero));
        using var http = small.Http();
        using var content = new MultipartFormDataContent { { new StringContent("batch"), "purpose" }, { new ByteArrayContent(new byte[200 * 1024]), "file", "big.jsonl" } };

        var error = await Json.AssertErrorAsync(await http.PostAsync("v1/files", content), 413, "payload_too_large");

        Assert.Contains("a file may be at most 65536 bytes (Mosaic:Gateway:MaxUploadBytes)", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_ChunkedBodyOverTheServersLimitOutsideTheFile_413()
    {
        // A field the upload does not read is skipped by the multipart reader, which meets the server's body limit
        // first: a 400 "malformed" until 2026-12-05.
        await using var small = await fixture.StartGatewayAsync(o => (o.MaxUploadBytes, o.BatchScanInterval) = (64 * 1024, TimeSpan.Zero));
        using var http = small.Http();
        var line = BatchFiles.Request("x", "mosaic", "What is 1 + 1?") + "\n";
        using var content = new MultipartFormDataContent
        {
            { new StreamContent(new MemoryStream(new byte[512 * 1024])), "notes" },
            { new StringContent("batch"), "purpose" },
            { new StringContent(line), "file", "ok.jsonl" },
        };
        content.Headers.ContentLength = null;

        await Json.AssertErrorAsync(await http.PostAsync("v1/files", content), 413, "payload_too_large");
    }

    [Fact]
    public async Task Upload_MalformedMultipart_400()
    {
        using var http = fixture.Http();
        using var content = new ByteArrayContent("garbage"u8.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=abc");

        var error = await Json.AssertErrorAsync(await http.PostAsync("v1/files", content), 400, "invalid_request"); // was a 500 (IOException)

        Assert.StartsWith("The multipart/form-data body is malformed", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ChatCompletion_BodyOverTheServersDefaultLimit_ReadUpToTheConfiguredOne()
    {
        // 31 MB: over Kestrel's default of about 30 MB, under a Mosaic:Gateway:MaxRequestBytes raised to 40 MB. It used to be a 413.
        await using var roomy = await fixture.StartGatewayAsync(o => (o.MaxRequestBytes, o.BatchScanInterval) = (40L * 1024 * 1024, TimeSpan.Zero));
        using var http = roomy.Http();
        var body = new byte[31 * 1024 * 1024];
        Array.Fill(body, (byte)' ');
        body[^1] = (byte)'x';

        await Json.AssertErrorAsync(await http.PostAsync("v1/chat/completions", new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json" } } }), 400, "invalid_json");
    }

    /// <summary>Text .NET cannot read (bytes that are not UTF-8, an unpaired surrogate escape) is a 400 naming where it is; it was a 500.</summary>
    [Theory]
    [InlineData("v1/chat/completions", "{\"model\": \"alpha\", \"messages\": [{\"role\": \"user\", \"content\": \"What is 1 + 1? \\ud83d\"}]}", "$.messages[0].content")]
    [InlineData("v1/chat/completions", "{\"model\": \"alpha\", \"stop\": \"\\udc00\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", "$.stop")]
    [InlineData("v1/responses", "{\"model\": \"alpha\", \"input\": \"What is 1 + 1? \\ud83d\"}", "$.input")]
    public async Task Request_UnreadableText_400NamingWhere(string path, string json, string where)
    {
        var escaped = await Json.AssertErrorAsync(await fixture.Http().PostAsync(path, Json.Body(json)), 400, "invalid_json");
        var bytes = System.Text.Encoding.UTF8.GetBytes(json.Replace("\\ud83d", "\u00ff", StringComparison.Ordinal).Replace("\\udc00", "\u00ff", StringComparison.Ordinal));
        var invalid = Array.IndexOf(bytes, (byte)0xC3); // ÿ is C3 BF in UTF-8: one lone continuation byte makes it invalid
        bytes[invalid] = 0xFF;
        using var raw = new ByteArrayContent(bytes) { Headers = { { "Content-Type", "application/json" } } };
        var utf8 = await Json.AssertErrorAsync(await fixture.Http().PostAsync(path, raw), 400, "invalid_json");

        Assert.Contains($"the string at {where} is not valid text", escaped.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains($"the string at {where} is not valid text", utf8.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// A valid request of a 3 MB question is refused at the door, declared length or not, for chat and responses alike:
    /// until 2026-12-05 the limit was the 100 MB upload limit, and a 50 MB question ran as a job, took 4 GB and 21 s to be
    /// refused by the models' context check, and left 85 MB in the store.
    /// </summary>
    [Theory]
    [InlineData("v1/chat/completions", true)]
    [InlineData("v1/chat/completions", false)]
    [InlineData("v1/responses", true)]
    [InlineData("v1/responses", false)]
    public async Task Question_OverMaxRequestBytes_413NamingTheSetting(string path, bool declaredLength)
    {
        using var http = fixture.Http();
        var question = "What is 1 + 1? " + new string('x', 3 * 1024 * 1024);
        var json = path.EndsWith("responses", StringComparison.Ordinal)
            ? JsonSerializer.Serialize(new { model = "alpha", input = question })
            : JsonSerializer.Serialize(new { model = "alpha", messages = new[] { new { role = "user", content = question } } });
        using var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))) { Headers = { { "Content-Type", "application/json" } } };
        if (declaredLength)
        {
            content.Headers.ContentLength = json.Length;
        }

        var error = await Json.AssertErrorAsync(await http.PostAsync(path, content), 413, "payload_too_large");

        Assert.Contains("MaxRequestBytes", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("assistants", "invalid_value")]
    public async Task Upload_OtherPurpose_400(string purpose, string code)
    {
        using var http = fixture.Http();
        using var content = new MultipartFormDataContent { { new StringContent(purpose), "purpose" }, { new StringContent("{}"), "file", "a.jsonl" } };

        await Json.AssertErrorAsync(await http.PostAsync("v1/files", content), 400, code);
    }

    [Theory]
    [InlineData("GET", "v1/files/file-missing")]
    [InlineData("GET", "v1/files/file-missing/content")]
    [InlineData("GET", "v1/batches/batch_missing")]
    [InlineData("POST", "v1/batches/batch_missing/cancel")]
    [InlineData("GET", "v1/jobs/job-missing")]
    [InlineData("GET", "v1/jobs/job-missing/plan")]
    [InlineData("GET", "v1/jobs/job-missing/results")]
    [InlineData("GET", "v1/jobs/job-missing/events")]
    [InlineData("POST", "v1/jobs/job-missing/cancel")]
    [InlineData("GET", "v1/models/gpt-4o")]
    [InlineData("GET", "v1/no-such-endpoint")]
    public async Task UnknownId_404InOpenAiShape(string method, string url)
    {
        using var http = fixture.Http();

        var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));

        await Json.AssertErrorAsync(response, 404, url.Contains("no-such") ? "unknown_url" : url.Contains("models") ? "model_not_found" : "not_found");
    }

    [Theory]
    [InlineData("v1/files?limit=0", "invalid_value", "'limit' must be from 1 to 10000, got 0.")] // a page of 1 before
    [InlineData("v1/batches?limit=-1", "invalid_value", "'limit' must be from 1 to 100, got -1.")]
    [InlineData("v1/batches?limit=101", "invalid_value", "'limit' must be from 1 to 100, got 101.")]
    [InlineData("v1/files?limit=abc", "invalid_type", "'limit' must be a whole number, got 'abc'.")] // "Failed to bind parameter \"Nullable<int> limit\"" before
    [InlineData("v1/jobs/job-missing/results?from=-1", "invalid_value", "'from' must be 0 or more, got -1.")]
    [InlineData("v1/files?order=asc", "unsupported_value", "'order' asc is not supported: files are listed newest first (desc).")] // newest first regardless before
    [InlineData("v1/files?order=sideways", "invalid_value", "'order' must be asc or desc, got 'sideways'.")]
    public async Task ListQuery_OutOfRangeOrNotANumber_400NamingIt(string url, string code, string message)
    {
        using var http = fixture.Http();

        var error = await Json.AssertErrorAsync(await http.GetAsync(url), 400, code);

        Assert.Equal(message, error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("{\"input_file_id\": 5, \"endpoint\": \"/v1/chat/completions\", \"completion_window\": \"24h\"}", "The request body is not valid: 'input_file_id' has the wrong type.", "input_file_id")]
    [InlineData("{\"input_file_id\": \"f\", \"endpoint\": \"/v1/chat/completions\", \"completion_window\": \"24h\", \"metadata\": \"x\"}", "The request body is not valid: 'metadata' has the wrong type.", "metadata")]
    public async Task CreateBatch_FieldOfTheWrongType_NamesTheFieldNotADotNetType(string body, string message, string param)
    {
        using var http = fixture.Http();

        var error = await Json.AssertErrorAsync(await http.PostAsync("v1/batches", Json.Body(body)), 400, "invalid_type"); // well-formed JSON: not invalid_json

        Assert.Equal(message, error.GetProperty("message").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task Error_TextWrittenAsItIs_NotEscaped()
    {
        using var http = fixture.Http();

        using var response = await http.PostAsync("v1/chat/completions", Json.Body("{\"model\": \"a+b<c>é\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}"));

        Assert.Contains("'a+b<c>é'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal); // not \u0027a\u002Bb\u003Cc\u003E\u00E9\u0027
    }

    [Fact]
    public async Task ListBatches_AfterAnIdNoBatchCouldHave_EmptyPageNotTheFirst()
    {
        using var http = fixture.Http();

        var page = await Json.ReadAsync(await http.GetAsync($"v1/batches?after={new string('x', 300)}"));

        Assert.Empty(page.GetProperty("data").EnumerateArray()); // it used to restart the list, as a client paging on would loop
        Assert.False(page.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task CreateBatch_MetadataOverOpenAisLimits_400()
    {
        using var http = fixture.Http();
        string Body(string metadata) => $$"""{"input_file_id": "file-none", "endpoint": "/v1/chat/completions", "completion_window": "24h", "metadata": {{metadata}}}""";
        var tooMany = await http.PostAsync("v1/batches", Json.Body(Body("{" + string.Join(", ", Enumerable.Range(0, 17).Select(i => $"\"k{i}\": \"v\"")) + "}")));
        var longValue = await http.PostAsync("v1/batches", Json.Body(Body($"{{\"k\": \"{new string('v', 513)}\"}}")));
        var longKey = await http.PostAsync("v1/batches", Json.Body(Body($"{{\"{new string('k', 65)}\": \"v\"}}")));

        Assert.Equal("'metadata' holds more than 16 pairs.", (await Json.AssertErrorAsync(tooMany, 400, "invalid_value")).GetProperty("message").GetString());
        Assert.Equal("'metadata.k' must be a string of at most 512 characters.", (await Json.AssertErrorAsync(longValue, 400, "invalid_value")).GetProperty("message").GetString());
        Assert.Equal("'metadata' has a key longer than 64 characters.", (await Json.AssertErrorAsync(longKey, 400, "invalid_value")).GetProperty("message").GetString());
    }

    /// <summary>
    /// A path the gateway serves, asked with a body type it does not take (curl -d sends a form) or a method it does not
    /// take, names what it takes: 415 or 405 with Allow, not "Unknown endpoint" (the fallback used to answer both).
    /// </summary>
    [Theory]
    [InlineData("POST", "v1/chat/completions", "application/x-www-form-urlencoded", 415, "unsupported_media_type", "POST /v1/chat/completions takes a body of type application/json; the request's Content-Type is 'application/x-www-form-urlencoded'.", null)]
    [InlineData("POST", "v1/files", "application/json", 415, "unsupported_media_type", "POST /v1/files takes a body of type multipart/form-data; the request's Content-Type is 'application/json'.", null)]
    [InlineData("GET", "v1/chat/completions", null, 405, "method_not_allowed", "/v1/chat/completions does not take GET; it takes POST.", "POST")]
    [InlineData("DELETE", "v1/models", null, 405, "method_not_allowed", "/v1/models does not take DELETE; it takes GET.", "GET")]
    [InlineData("POST", "v1/files/file-x", null, 405, "method_not_allowed", "/v1/files/file-x does not take POST; it takes DELETE, GET.", "DELETE, GET")]
    public async Task ServedPath_WrongBodyTypeOrMethod_415Or405NamingWhatItTakes(string method, string url, string? contentType, int status, string code, string message, string? allow)
    {
        using var http = fixture.Http();
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (contentType is not null)
        {
            request.Content = new StringContent("{}", new MediaTypeHeaderValue(contentType));
        }

        var response = await http.SendAsync(request);
        var error = await Json.AssertErrorAsync(response, status, code);

        Assert.Equal(message, error.GetProperty("message").GetString());
        Assert.Equal(allow, allow is null ? null : string.Join(", ", response.Content.Headers.Allow));
    }

    [Fact]
    public async Task CreateBatch_UnknownFileOrBadFields_404Or400AndNoBatchWritten()
    {
        using var http = fixture.Http();
        var before = (await fixture.Gateway.Service<IBatchStore>().ListBatchesAsync(null, 1000)).Count;

        await Json.AssertErrorAsync(await http.PostAsync("v1/batches", Json.Body(new { input_file_id = "file-missing", endpoint = "/v1/chat/completions", completion_window = "24h" })), 404, "not_found");
        await Json.AssertErrorAsync(await http.PostAsync("v1/batches", Json.Body(new { input_file_id = "file-x", endpoint = "/v1/embeddings", completion_window = "24h" })), 400, "invalid_value");
        await Json.AssertErrorAsync(await http.PostAsync("v1/batches", Json.Body(new { endpoint = "/v1/chat/completions", completion_window = "24h" })), 400, "missing_required_parameter");
        await Json.AssertErrorAsync(await http.PostAsync("v1/batches", Json.Body("{\"input_file_id\": ")), 400, "invalid_json");

        Assert.Equal(before, (await fixture.Gateway.Service<IBatchStore>().ListBatchesAsync(null, 1000)).Count);
    }

    [Theory]
    [InlineData(null, "Missing API key")]
    [InlineData("sk-wrong", "Incorrect API key")]
    public async Task V1Request_WithoutTheKey_401(string? key, string message)
    {
        using var http = fixture.Http(key);

        var error = await Json.AssertErrorAsync(await http.GetAsync("v1/models"), 401, "invalid_api_key");

        Assert.StartsWith(message, error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Probes_WithoutTheKey_StayOpen()
    {
        using var http = fixture.Http(null);

        Assert.Equal(200, (int)(await http.GetAsync("healthz")).StatusCode);
        Assert.Equal(200, (int)(await http.GetAsync("readyz")).StatusCode);
        Assert.Equal(200, (int)(await http.GetAsync("metrics")).StatusCode);
        Assert.Equal(200, (int)(await http.GetAsync("openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task Start_OutsideDevelopmentWithoutKeys_RefusedInOneLine()
    {
        var error = await Assert.ThrowsAsync<GatewayConfigurationException>(() => fixture.StartGatewayAsync(o => o.ApiKeys = []));

        Assert.Equal("Mosaic:Gateway:ApiKeys is empty in the Production environment: set at least one key (or run in Development).", error.Message);
    }

    [Fact]
    public async Task Development_WithoutKeys_Open()
    {
        await using var open = await fixture.StartGatewayAsync(o => (o.ApiKeys, o.BatchScanInterval) = ([], TimeSpan.Zero), "Development");
        using var http = open.Http(null);

        Assert.Equal(200, (int)(await http.GetAsync("v1/models")).StatusCode);
    }

    private async Task<int> FileCountAsync() => (await fixture.Gateway.Service<IBatchStore>().ListFilesAsync(null, null, 100_000)).Count;
}

using System.Text;
using Mosaic.Cli.Batch;
using Mosaic.Gateway.Chat;
using Mosaic.Hosting.Pools;

namespace Mosaic.Cli.Tests;

public sealed class BatchRequestReaderTests
{
    private static readonly PoolConfig Pool = PoolConfigTests.Zoo();

    public static string Request(string id, string question, string model = "mosaic", string extra = "") =>
        $$"""{"custom_id": "{{id}}", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "{{model}}", "messages": [{"role": "system", "content": "be brief"}, {"role": "user", "content": "{{question}}"}]""" + extra + "}}";

    /// <summary>An unpaired surrogate escape is valid JSON that no string can hold: the line's own error, not the batch's internal error.</summary>
    [Fact]
    public void UnpairedSurrogateEscape_IsThatLinesErrorNamingWhere()
    {
        var lines = Read(Request("a", "What is 1 + 2? \\ud83d"), Request("b", "What is 2 + 2?"));

        Assert.Equal("line 1: not valid JSON (the string at $.body.messages[1].content is not valid text (bytes that are not UTF-8, or an unpaired surrogate escape such as \\ud83d))", lines[0].Error);
        Assert.Null(lines[1].Error);
    }

    [Fact]
    public void WellFormedLines_BecomeQuestionsWithTheirSkill()
    {
        var lines = Read(
            Request("a", "What is 12 + 30?"),
            Request("b", "How many a in abca?"),
            Request("c", "What is the largest of 3, 9, 4?"),
            Request("d", "Tell me a joke"));

        Assert.All(lines, l => Assert.Null(l.Error));
        Assert.Equal(["a", "b", "c", "d"], lines.Select(l => l.CustomId));
        Assert.Equal(["l1", "l2", "l3", "l4"], lines.Select(l => l.Question!.Id));
        // A question no pattern matches gets the gateway's fallback skill, and the router its accuracies ("general",
        // which the router did not know, until 2026-12-05: such a question was routed differently through the gateway).
        Assert.Equal(["add", "count", "max", Mosaic.Gateway.Hosting.PoolRouterOptions.AnySkill], lines.Select(l => l.Question!.Skill));
        Assert.Equal("What is 12 + 30?", lines[0].Question!.Text);
        Assert.All(lines, l => Assert.Empty(l.Question!.Experts));
    }

    [Fact]
    public void Extension_RoutesNamesTheSkillAndGivesTheGold()
    {
        var line = Read(Request("a", "What is 1 + 2?", extra: """, "mosaic": {"experts": ["think-arith", "think-large", "think-arith"], "skill": "sub", "gold": "The answer is 3."}""")).Single();

        Assert.Null(line.Error);
        Assert.Equal(["think-arith", "think-large", "think-arith"], line.Question!.Experts);
        Assert.Equal("sub", line.Question.Skill);
        Assert.Equal("3", line.Question.Gold);
    }

    [Fact]
    public void MaxTokens_IsTheLinesOwnLimit()
    {
        // mosaic run used to ignore max_tokens altogether.
        var lines = Read(
            Request("a", "What is 1 + 2?", extra: """, "max_tokens": 7"""),
            Request("b", "What is 1 + 2?", extra: """, "max_tokens": 7, "max_completion_tokens": 30"""),
            Request("c", "What is 1 + 2?"),
            Request("d", "What is 1 + 2?", extra: """, "max_tokens": "7" """),
            Request("e", "What is 1 + 2?", extra: """, "max_completion_tokens": 0"""));

        Assert.Equal([7, 30, null], lines.Take(3).Select(l => l.Question!.MaxNewTokens));
        Assert.Equal("line 4: body.max_tokens must be a positive whole number", lines[3].Error);
        Assert.Equal("line 5: body.max_completion_tokens must be a positive whole number", lines[4].Error);
    }

    [Fact]
    public void StopAndSamplingParameters_ReadAsTheGatewayReadsThem()
    {
        var lines = Read(
            Request("a", "What is 1 + 2?", extra: """, "stop": ["is", "!"], "temperature": 0.2"""),
            Request("b", "What is 1 + 2?", extra: """, "stop": 3"""),
            Request("c", "What is 1 + 2?", extra: """, "logprobs": true"""));

        Assert.Equal(["is", "!"], lines[0].Stop);
        Assert.Equal("line 2: 'stop' must be a string or an array of strings.", lines[1].Error);
        Assert.StartsWith("line 3: 'logprobs' is not supported", lines[2].Error);
    }

    [Fact]
    public void ALineWithoutCustomId_IsNamedSoThatNoRequestLosesItsOwn()
    {
        // The bad line used to be named line-1 first, and the request that really was line-1 was refused as a repeat.
        var lines = Read("garbage", Request("line-1", "What is 1 + 2?"), "[]");

        Assert.Null(lines[1].Error);
        Assert.Equal(["line-1~2", "line-1", "line-3"], lines.Select(l => l.CustomId));
    }

    [Fact]
    public void ContentParts_AreJoined()
    {
        var line = Read("""{"custom_id": "p", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "mosaic", "messages": [{"role": "user", "content": [{"type": "text", "text": "What is 4 "}, {"type": "text", "text": "+ 5?"}]}]}}""").Single();

        Assert.Equal("What is 4 + 5?", line.Question!.Text);
        Assert.Equal("add", line.Question.Skill);
    }

    [Theory]
    [InlineData("not json at all", "line-1", "not valid JSON", "invalid_json")]
    [InlineData("[1, 2]", "line-1", "expected a JSON object", "invalid_request")]
    [InlineData("""{"method": "POST", "url": "/v1/chat/completions", "body": {}}""", "line-1", "custom_id is missing", "missing_custom_id")]
    [InlineData("""{"custom_id": 7, "method": "POST", "url": "/v1/chat/completions", "body": {}}""", "line-1", "custom_id is missing", "invalid_custom_id")]
    [InlineData("""{"custom_id": "x", "method": "GET", "url": "/v1/chat/completions", "body": {}}""", "x", "method must be", "invalid_method")]
    [InlineData("""{"custom_id": "x", "method": "POST", "url": "/v1/embeddings", "body": {}}""", "x", "url must be", "invalid_url")]
    [InlineData("""{"custom_id": "x", "method": "POST", "url": "/v1/chat/completions"}""", "x", "body must be an object", "missing_body")]
    [InlineData("""{"custom_id": "x", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}}""", "x", "unknown model 'gpt-4o'", "model_not_found")]
    [InlineData("""{"custom_id": "x", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "mosaic", "messages": [{"role": "system", "content": "hi"}]}}""", "x", "no user message", "invalid_value")]
    [InlineData("""{"custom_id": "x", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "mosaic", "messages": [{"role": "user", "content": "hi"}], "mosaic": {"experts": ["gpt"]}}}""", "x", "unknown expert 'gpt'", "invalid_value")]
    // Answered with one choice and no stream until 2026-12-05, while the gateway's batch API refused both lines.
    [InlineData("""{"custom_id": "x", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "mosaic", "messages": [{"role": "user", "content": "hi"}], "n": 3}}""", "x", "Only n = 1 is supported", "invalid_value")]
    [InlineData("""{"custom_id": "x", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "mosaic", "messages": [{"role": "user", "content": "hi"}], "stream": true}}""", "x", "stream is not supported in a batch", "invalid_value")]
    public void MalformedLine_GetsAnErrorNamingTheLineAndTheProblem_WithTheGatewaysCode(string text, string customId, string problem, string code)
    {
        var line = Read(text).Single();

        Assert.Null(line.Question);
        Assert.Equal(customId, line.CustomId);
        Assert.StartsWith("line 1: ", line.Error);
        Assert.Contains(problem, line.Error);
        Assert.Equal(code, line.ErrorCode);
    }

    [Fact]
    public void TheSameFile_GetsTheSameErrorCodesAsFromTheGatewaysBatchApi()
    {
        string[] file =
        [
            "not json",
            """{"method": "POST", "url": "/v1/chat/completions", "body": {}}""",
            """{"custom_id": "m", "method": "GET", "url": "/v1/chat/completions", "body": {}}""",
            """{"custom_id": "u", "method": "POST", "url": "/v1/embeddings", "body": {}}""",
            """{"custom_id": "b", "method": "POST", "url": "/v1/chat/completions"}""",
            Request("gpt", "hi", model: "gpt-4o"),
            Request("n", "hi", extra: """, "n": 3"""),
            Request("s", "hi", extra: """, "stream": true"""),
            Request("t", "hi", extra: """, "temperature": 5"""),
            Request("st", "hi", extra: ", \"service_tier\": \"premium\""),
            Request("e", "hi", extra: """, "mosaic": {"experts": ["gpt"]}"""),
            // Accepted by mosaic run while the gateway refused them, until 2026-12-05.
            Request("sk", "hi", extra: """, "mosaic": {"skill": "poetry"}"""),
            Request("ex", "hi", extra: """, "mosaic": {"expert": ["think-arith"]}"""),
            Request("et", "hi", extra: """, "mosaic": {"experts": "think-arith"}"""),
            Request("en", "hi", extra: """, "mosaic": {"experts": [1]}"""),
            Request("mo", "hi", extra: """, "mosaic": 3"""),
            Request("ok", "What is 1 + 2?"),
            Request("ok", "What is 1 + 3?"),
            Request("x", "What is 1 + 2?", model: "think-arith"),
        ];
        // A Latin-1 é on the last line: both read it as an error line (it was sent with U+FFFD in its place).
        byte[] content = [.. Encoding.UTF8.GetBytes(string.Join("\n", file) + "\n" + Request("latin1", "Combien font 1 + 2, caf")[..^5]), 0xE9, .. "\"}]}}"u8];
        var gateway = new Mosaic.Gateway.Batches.BatchFileParser(new ChatRequestReader(new PoolCatalog(GatewayPools.From(Pool))))
            .Parse(content, BatchRequestReader.ChatCompletionsUrl);

        var run = BatchRequestReader.Read(content, Pool);

        Assert.Equal(gateway.Lines.Select(l => (l.Number, l.Error?.Code)), run.Select(l => (l.Number, l.ErrorCode)));
        Assert.Equal(file.Length + 1, run[^1].Number);
        Assert.Equal((run[^1].Error, "invalid_json"), (gateway.Lines[^1].Error!.Message, gateway.Lines[^1].Error!.Code));
        Assert.Matches(@"^line 20 is not UTF-8 text: its byte \d+ \(0xE9\) is not part of a UTF-8 character$", run[^1].Error);
    }

    [Fact]
    public void AnExpertsName_AsksThatExpertAlone_AndTheFirstAnswerableLineSetsTheBatchsModel()
    {
        var lines = Read(
            Request("bad", "What is 1 + 1?", model: "gpt-4o"),
            Request("a", "What is 1 + 2?", model: "think-arith"),
            Request("b", "What is 2 + 2?"),
            Request("c", "What is 3 + 2?", model: "think-arith", extra: """, "mosaic": {"experts": ["think-large"]}"""));

        Assert.Contains("this pool serves 'mosaic' and its experts quick-small", lines[0].Error);
        Assert.Equal(("think-arith", "add"), (lines[1].Model, lines[1].Question!.Skill));
        Assert.Equal(["think-arith"], lines[1].Question!.Experts);
        Assert.Equal("line 3: model 'mosaic' is not the batch's model 'think-arith' (one model per batch file, as in OpenAI's Batch API)", lines[2].Error);
        Assert.Null(lines[2].Question);
        Assert.Contains("a request to 'think-arith' is answered by it alone", lines[3].Error);
    }

    [Fact]
    public void ALineWithAnError_DoesNotSetTheBatchsModel()
    {
        var lines = Read(
            """{"custom_id": "a", "method": "POST", "url": "/v1/embeddings", "body": {}}""",
            Request("a", "What is 1 + 2?", model: "think-arith"),
            Request("b", "What is 2 + 2?"));

        Assert.Contains("custom_id 'a' was already used on line 1", lines[1].Error);
        Assert.Null(lines[2].Error);
        Assert.Equal("mosaic", lines[2].Model);
    }

    [Fact]
    public void RepeatedCustomId_IsAnErrorOnTheLaterLine_AndBlankLinesAreSkipped()
    {
        var lines = Read(Request("a", "What is 1 + 1?"), "", Request("a", "What is 2 + 2?"));

        Assert.Equal(2, lines.Count);
        Assert.Null(lines[0].Error);
        Assert.Equal("line 3: custom_id 'a' was already used on line 1", lines[1].Error);
    }

    [Fact]
    public void PoolWithoutARouter_ALineNamingNoExpertsGoesToEveryExpert_AsTheGatewaySendsIt()
    {
        // Such a line was refused ("the pool has no router") while the gateway sent the same request to every expert.
        var pool = Pool with { Router = null };

        var lines = BatchRequestReader.Read(Encoding.UTF8.GetBytes(string.Join("\n",
            Request("a", "What is 1 + 2?"),
            Request("b", "What is 1 + 2?", extra: """, "mosaic": {"experts": ["think-arith"]}"""),
            Request("c", "What is 1 + 2?", extra: """, "mosaic": {"experts": []}"""))), pool);

        Assert.Equal(pool.Experts, lines[0].Question!.Experts);
        Assert.Equal(["think-arith"], lines[1].Question!.Experts);
        Assert.Equal("line 3: body.mosaic.experts is empty: name at least one expert, or leave it out to let the pool route the question", lines[2].Error);
    }

    private static IReadOnlyList<BatchLine> Read(params string[] lines) =>
        BatchRequestReader.Read(Encoding.UTF8.GetBytes(string.Join("\n", lines)), Pool);
}

using System.Text;
using Mosaic.Cli.Batch;
using Mosaic.Hosting.Pools;

namespace Mosaic.Cli.Tests;

/// <summary>
/// <c>mosaic run</c> reads a batch file with the gateway's own parser (its rules are tested with the gateway); these
/// pin what the run adds: the job it builds from the pool, the output names of lines without a custom_id, and that the
/// pool is read as <c>mosaic serve</c> serves it.
/// </summary>
public sealed class BatchRequestsTests
{
    private static readonly PoolConfig Pool = PoolConfigTests.Zoo();

    public static string Request(string id, string question, string model = "mosaic", string extra = "") =>
        $$"""{"custom_id": "{{id}}", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "{{model}}", "messages": [{"role": "system", "content": "be brief"}, {"role": "user", "content": "{{question}}"}]""" + extra + "}}";

    [Fact]
    public void WellFormedLines_BecomeOneBatchJobOfRoutedQuestionsWithTheirSkill()
    {
        var requests = Read(
            Request("a", "What is 12 + 30?"),
            Request("b", "How many a in abca?"),
            Request("c", "What is the largest of 3, 9, 4?"),
            Request("d", "Tell me a joke"));
        var job = requests.Job!;

        Assert.All(requests.Lines, l => Assert.Null(l.Error));
        Assert.Equal(["a", "b", "c", "d"], requests.CustomIds);
        Assert.Equal(("mosaic", Mosaic.Abstractions.Jobs.JobPriority.Batch, Pool.Aggregator), (requests.Model, job.Priority, job.Aggregator));
        Assert.Equal(["l1", "l2", "l3", "l4"], job.Questions.Select(q => q.Id));
        // A question no pattern matches gets the gateway's fallback skill, and the router its accuracies.
        Assert.Equal(["add", "count", "max", Mosaic.Gateway.Hosting.PoolRouterOptions.AnySkill], job.Questions.Select(q => q.Skill));
        Assert.Equal("What is 12 + 30?", job.Questions[0].Text);
        Assert.All(job.Questions, q => Assert.Empty(q.Experts));
        Assert.NotNull(job.Router);
    }

    [Fact]
    public void Extension_RoutesNamesTheSkillAndGivesTheGold()
    {
        var question = Read(Request("a", "What is 1 + 2?", extra: """, "mosaic": {"experts": ["think-arith", "think-large", "think-arith"], "skill": "sub", "gold": "The answer is 3."}""")).Job!.Questions.Single();

        Assert.Equal(["think-arith", "think-large", "think-arith"], question.Experts);
        Assert.Equal("sub", question.Skill);
        Assert.Equal("3", question.Gold);
    }

    [Fact]
    public void MaxTokensAndStop_AreEachLinesOwn()
    {
        var requests = Read(
            Request("a", "What is 1 + 2?", extra: """, "max_tokens": 7, "stop": ["is", "!"]"""),
            Request("b", "What is 1 + 2?", extra: """, "max_tokens": 7, "max_completion_tokens": 30"""),
            Request("c", "What is 1 + 2?"),
            Request("d", "What is 1 + 2?", extra: """, "max_completion_tokens": 0"""));

        Assert.Equal([7, 30, null], requests.Job!.Questions.Select(q => q.MaxNewTokens));
        Assert.Equal(["is", "!"], requests.Lines[0].Question!.Stop);
        Assert.StartsWith("line 4: 'max_completion_tokens'", requests.Lines[3].Error!.Message);
    }

    [Fact]
    public void ALineWithoutCustomId_IsNamedSoThatNoRequestLosesItsOwn()
    {
        // The bad line used to be named line-1 first, and the request that really was line-1 was refused as a repeat.
        var requests = Read("garbage", Request("line-1", "What is 1 + 2?"), "[]", """{"custom_id": 7, "method": "POST", "url": "/v1/chat/completions", "body": {}}""");

        Assert.Null(requests.Lines[1].Error);
        Assert.Equal(["line-1~2", "line-1", "line-3", "line-4"], requests.CustomIds);
        Assert.Equal(["invalid_json", null, "invalid_request", "invalid_custom_id"], requests.Lines.Select(l => l.Error?.Code));
    }

    [Fact]
    public void AnExpertsName_AsksThatExpertAlone_AndTheFirstAnswerableLineSetsTheBatchsModel()
    {
        var requests = Read(
            Request("bad", "What is 1 + 1?", model: "gpt-4o"),
            Request("a", "What is 1 + 2?", model: "think-arith"),
            Request("b", "What is 2 + 2?"),
            Request("c", "What is 3 + 2?", model: "think-arith", extra: """, "mosaic": {"experts": ["think-large"]}"""));

        Assert.Equal("model_not_found", requests.Lines[0].Error!.Code);
        Assert.Equal("think-arith", requests.Model);
        Assert.Equal(["think-arith"], requests.Job!.Questions.Single().Experts);
        Assert.Null(requests.Job.Aggregator);
        Assert.Equal("model_mismatch", requests.Lines[2].Error!.Code);
        Assert.Contains("a request to 'think-arith' is answered by it alone", requests.Lines[3].Error!.Message);
    }

    [Fact]
    public void NoAnswerableLine_NoJob()
    {
        var requests = Read("garbage", Request("x", "hi", model: "gpt-4o"));

        Assert.Null(requests.Job);
        Assert.Equal("mosaic", requests.Model);
        Assert.Equal(["line-1", "x"], requests.CustomIds);
    }

    [Fact]
    public void RepeatedCustomId_NamesTheFirstLine_AndBlankLinesAreSkipped()
    {
        var requests = Read(Request("a", "What is 1 + 1?"), "", Request("a", "What is 2 + 2?"));

        Assert.Equal(2, requests.Lines.Count);
        Assert.Null(requests.Lines[0].Error);
        Assert.Equal("line 3: custom_id 'a' was already used on line 1", requests.Lines[1].Error!.Message);
        Assert.Single(requests.Job!.Questions);
    }

    [Fact]
    public void PoolWithoutARouter_ALineNamingNoExpertsGoesToEveryExpert_AsTheGatewaySendsIt()
    {
        // Such a line was refused ("the pool has no router") while the gateway sent the same request to every expert.
        var pool = Pool with { Router = null };

        var requests = BatchRequests.Read(Encoding.UTF8.GetBytes(string.Join("\n",
            Request("a", "What is 1 + 2?"),
            Request("b", "What is 1 + 2?", extra: """, "mosaic": {"experts": ["think-arith"]}"""))), pool);

        Assert.Equal([pool.Experts, ["think-arith"]], requests.Job!.Questions.Select(q => q.Experts));
        Assert.Null(requests.Job.Router);
    }

    private static BatchRequests Read(params string[] lines) =>
        BatchRequests.Read(Encoding.UTF8.GetBytes(string.Join("\n", lines)), Pool);
}

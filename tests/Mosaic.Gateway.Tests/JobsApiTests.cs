using System.Net.Http.Json;
using System.Text.Json;

namespace Mosaic.Gateway.Tests;

/// <summary>The native job endpoints: submit a JobSpec, follow it as server-sent events, plan, report, results paged, cancel.</summary>
[Collection(GatewayCollection.Name)]
public sealed class JobsApiTests(GatewayFixture fixture)
{
    private const string Spec = """
        {
          "questions": [
            {"id": "q1", "text": "What is 1 + 2?", "experts": ["alpha", "beta", "gamma"], "skill": "add", "gold": "3"},
            {"id": "q2", "text": "What is 2 + 2?", "experts": ["alpha", "beta"], "skill": "add", "gold": "4"},
            {"id": "q3", "text": "What is 3 + 2?", "experts": ["gamma"], "skill": "add", "gold": "5"},
            {"id": "q4", "text": "What is 4 + 2?", "experts": ["beta", "beta", "alpha"], "skill": "add", "gold": "6"},
            {"id": "q5", "text": "What is 5 + 2?", "experts": ["alpha", "gamma", "beta"], "skill": "add", "gold": "7"}
          ],
          "expert_pool": ["alpha", "beta", "gamma"],
          "aggregator": "judge",
          "gate": {"rule": "vote", "threshold": 0.66},
          "answer_format": "number"
        }
        """;

    [Fact]
    public async Task SubmittedJob_EventsPlanReportAndResultsPaged()
    {
        using var http = fixture.Http();
        var jobId = $"api-{Guid.NewGuid():N}";

        var submitted = await http.PostAsync($"v1/jobs?id={jobId}", Json.Body(Spec));

        Assert.Equal(201, (int)submitted.StatusCode);
        Assert.Equal(jobId, (await Json.ReadAsync(submitted)).GetProperty("job_id").GetString());
        var events = (await http.GetStringAsync($"v1/jobs/{jobId}/events")).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("event: progress\ndata: ", events[0]);
        Assert.StartsWith("event: end\ndata: ", events[^1]);
        var end = JsonDocument.Parse(events[^1].Split("data: ")[1]).RootElement;
        Assert.Equal("completed", end.GetProperty("status").GetString());
        Assert.Equal(5, end.GetProperty("answered").GetInt32());
        var last = JsonDocument.Parse(events[^2].Split("data: ")[1]).RootElement;
        Assert.Equal((5, 5), (last.GetProperty("questions_answered").GetInt32(), last.GetProperty("questions_total").GetInt32()));

        var plan = await Json.ReadAsync(await http.GetAsync($"v1/jobs/{jobId}/plan"));
        Assert.Equal("mosaic", plan.GetProperty("scheduler").GetString());
        Assert.Equal(12, plan.GetProperty("workers").EnumerateArray().Sum(w => w.GetProperty("sessions").EnumerateArray().Sum(s => s.GetProperty("calls").GetInt32())));

        var ids = new List<string>();
        var pages = 0;
        for (int? from = 0; from is { } next; pages++)
        {
            var page = await Json.ReadAsync(await http.GetAsync($"v1/jobs/{jobId}/results?from={next}&limit=2"));
            ids.AddRange(page.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("question_id").GetString()!));
            from = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetInt32();
        }

        Assert.Equal(["q1", "q2", "q3", "q4", "q5"], ids);
        Assert.Equal(3, pages);
        var report = await Json.ReadAsync(await http.GetAsync($"v1/jobs/{jobId}"));
        Assert.Equal(("completed", "emulated", "interactive"),
            (report.GetProperty("status").GetString(), report.GetProperty("backend").GetString(), report.GetProperty("priority").GetString()));
    }

    [Fact]
    public async Task SubmittedJob_OfBatchPriorityWithARetention_ReportsThem()
    {
        using var http = fixture.Http();
        var spec = Spec.Replace("\"answer_format\": \"number\"", "\"answer_format\": \"number\", \"priority\": \"batch\", \"retention\": \"00:10:00\"", StringComparison.Ordinal);
        var jobId = (await Json.ReadAsync(await http.PostAsync("v1/jobs", Json.Body(spec)))).GetProperty("job_id").GetString()!;

        await fixture.Cluster.Mosaic.WaitForCompletionAsync(jobId);
        var report = await Json.ReadAsync(await http.GetAsync($"v1/jobs/{jobId}"));

        Assert.Equal(("completed", "batch", "00:10:00"),
            (report.GetProperty("status").GetString(), report.GetProperty("priority").GetString(), report.GetProperty("retention").GetString()));
    }

    [Fact]
    public async Task SubmittedJob_SharingRepeatedCalls_PlansOneCallPerQuestionAndExpert()
    {
        using var http = fixture.Http();
        var spec = Spec.Replace("\"answer_format\": \"number\"", "\"answer_format\": \"number\", \"share_repeated_calls\": true", StringComparison.Ordinal);
        var jobId = (await Json.ReadAsync(await http.PostAsync("v1/jobs", Json.Body(spec)))).GetProperty("job_id").GetString()!;

        await fixture.Cluster.Mosaic.WaitForCompletionAsync(jobId);
        var plan = await Json.ReadAsync(await http.GetAsync($"v1/jobs/{jobId}/plan"));
        var page = await Json.ReadAsync(await http.GetAsync($"v1/jobs/{jobId}/results"));

        Assert.Equal(11, plan.GetProperty("workers").EnumerateArray().Sum(w => w.GetProperty("sessions").EnumerateArray().Sum(s => s.GetProperty("calls").GetInt32())));
        var q4 = page.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("question_id").GetString() == "q4").GetProperty("expert_calls").EnumerateArray().ToArray();
        Assert.Equal(0, q4[1].GetProperty("shared_from_slot").GetInt32());
        Assert.Equal(q4[0].GetProperty("text").GetString(), q4[1].GetProperty("text").GetString());
    }

    [Fact]
    public async Task SubmittedJob_WithoutAggregator_EveryQuestionAnsweredByItsPlurality()
    {
        using var http = fixture.Http();
        var spec = Spec.Replace("\"aggregator\": \"judge\"", "\"aggregator\": null", StringComparison.Ordinal).Replace("\"rule\": \"vote\", \"threshold\": 0.66", "\"rule\": \"off\"", StringComparison.Ordinal);
        var jobId = (await Json.ReadAsync(await http.PostAsync("v1/jobs", Json.Body(spec)))).GetProperty("job_id").GetString()!;

        var report = await fixture.Cluster.Mosaic.WaitForCompletionAsync(jobId);
        var results = await fixture.Cluster.Mosaic.GetResultsAsync(jobId);

        Assert.Equal((5, 0), (report.Answered, report.AggregatorCalls));
        Assert.All(results, r => Assert.Null(r.AggregatorCall));
        Assert.All(results, r => Assert.True(r.Gate.SkippedAggregator));
        var single = results.Single(r => r.QuestionId == "q3");
        Assert.Equal(single.ExpertCalls[0].Answer, single.FinalAnswer);
    }

    [Theory]
    [InlineData("{\"questions\": [], \"expert_pool\": [\"alpha\"], \"aggregator\": \"judge\", \"gate\": {}}", "job_rejected", "the job has no questions")]
    [InlineData("{\"questions\": [{\"id\": \"q\", \"text\": \"t\", \"experts\": [\"zeta\"]}], \"expert_pool\": [\"zeta\"], \"aggregator\": \"judge\", \"gate\": {}}", "job_rejected", "expert 'zeta' is not a model this cluster serves (it serves ")]
    [InlineData("{\"questions\": [], \"expert_pool\": [\"alpha\"], \"gate\": {}}", "missing_required_parameter", "aggregator")]
    [InlineData("{\"questions\": [}", "invalid_json", "not valid")]
    [InlineData("{}", "missing_required_parameter", "The job spec is not valid: Missing required fields: 'questions', 'expert_pool', 'aggregator', 'gate'.")]
    [InlineData("{\"questions\": null, \"expert_pool\": [\"alpha\"], \"aggregator\": \"judge\", \"gate\": {}}", "invalid_type", "The job spec is not valid: 'questions' must not be null.")]
    [InlineData("{\"questions\": [], \"expert_pool\": [\"alpha\"], \"aggregator\": \"judge\", \"gate\": {}, \"priority\": \"urgent\"}", "invalid_type", "priority")]
    public async Task Submit_BadSpec_400WithTheReasonAndNoJob(string spec, string code, string reason)
    {
        using var http = fixture.Http();
        var jobId = $"bad-{Guid.NewGuid():N}";

        var error = await Json.AssertErrorAsync(await http.PostAsync($"v1/jobs?id={jobId}", Json.Body(spec)), 400, code);

        Assert.Contains(reason, error.GetProperty("message").GetString());
        Assert.Null(await fixture.Cluster.Mosaic.GetReportAsync(jobId));
    }

    [Fact]
    public async Task Submit_AnIdThatExists_409()
    {
        using var http = fixture.Http();
        var jobId = $"twice-{Guid.NewGuid():N}";
        Assert.Equal(201, (int)(await http.PostAsync($"v1/jobs?id={jobId}", Json.Body(Spec))).StatusCode);

        var error = await Json.AssertErrorAsync(await http.PostAsync($"v1/jobs?id={jobId}", Json.Body(Spec)), 409, "job_exists"); // a 400 job_rejected before

        Assert.Equal($"Job '{jobId}' already exists.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Submit_TheSameIdTwiceAtOnce_One201AndOne409()
    {
        // Both requests can pass the gateway's existence check before either job exists; the cluster's refusal of the
        // second says which kind it is (a 400 job_rejected before, and the batch service matched its message text).
        using var http = fixture.Http();
        for (var round = 0; round < 4; round++)
        {
            var jobId = $"race-{round}-{Guid.NewGuid():N}";
            var responses = await Task.WhenAll(http.PostAsync($"v1/jobs?id={jobId}", Json.Body(Spec)), http.PostAsync($"v1/jobs?id={jobId}", Json.Body(Spec)));

            Assert.Equal([201, 409], responses.Select(r => (int)r.StatusCode).Order());
            await Json.AssertErrorAsync(responses.Single(r => (int)r.StatusCode == 409), 409, "job_exists");
        }
    }

    [Fact]
    public async Task Submit_IdWithASlash_400AndNoJob()
    {
        // Accepted before, then /v1/jobs/{id} could never name it again.
        using var http = fixture.Http();
        var jobId = $"a/{Guid.NewGuid():N}";

        var error = await Json.AssertErrorAsync(await http.PostAsync($"v1/jobs?id={Uri.EscapeDataString(jobId)}", Json.Body(Spec)), 400, "invalid_value");

        Assert.Equal("job_id", error.GetProperty("param").GetString());
        Assert.Null(await fixture.Cluster.Mosaic.GetReportAsync(jobId));
    }

    [Fact]
    public async Task DeleteJob_Ended_GoneAndItsIdRefused_Running409_Unknown404()
    {
        using var http = fixture.Http();
        var jobId = $"del-{Guid.NewGuid():N}";
        Assert.Equal(201, (int)(await http.PostAsync($"v1/jobs?id={jobId}", Json.Body(Spec))).StatusCode);
        var running = $"del-slow-{Guid.NewGuid():N}";
        var slow = Spec.Replace("\"alpha\", \"beta\", \"gamma\"]", "\"slow\"]", StringComparison.Ordinal).Replace("[\"alpha\", \"beta\"]", "[\"slow\"]", StringComparison.Ordinal);
        Assert.Equal(201, (int)(await http.PostAsync($"v1/jobs?id={running}", Json.Body(slow.Replace("\"expert_pool\": [\"slow\"]", "\"expert_pool\": [\"alpha\", \"beta\", \"gamma\", \"slow\"]", StringComparison.Ordinal)))).StatusCode);
        await http.GetStringAsync($"v1/jobs/{jobId}/events"); // until it ends

        var deleted = await Json.ReadAsync(await http.DeleteAsync($"v1/jobs/{jobId}"));
        var busy = await Json.AssertErrorAsync(await http.DeleteAsync($"v1/jobs/{running}"), 409, "job_running");

        Assert.Equal((jobId, "job.deleted", true), (deleted.GetProperty("id").GetString(), deleted.GetProperty("object").GetString(), deleted.GetProperty("deleted").GetBoolean()));
        await Json.AssertErrorAsync(await http.GetAsync($"v1/jobs/{jobId}"), 404, "not_found");
        await Json.AssertErrorAsync(await http.GetAsync($"v1/jobs/{jobId}/results"), 404, "not_found");
        await Json.AssertErrorAsync(await http.DeleteAsync($"v1/jobs/{jobId}"), 404, "not_found");
        Assert.Contains("was deleted", (await Json.AssertErrorAsync(await http.PostAsync($"v1/jobs?id={jobId}", Json.Body(Spec)), 409, "job_id_retired")).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("cancel it", busy.GetProperty("message").GetString(), StringComparison.Ordinal);
        await http.PostAsync($"v1/jobs/{running}/cancel", null);
        await http.GetStringAsync($"v1/jobs/{running}/events");
        Assert.Equal(200, (int)(await http.DeleteAsync($"v1/jobs/{running}")).StatusCode);
    }

    /// <summary>With a retention of zero, the job behind a chat completion is forgotten once its answer has been read; the default keeps it (an hour).</summary>
    [Fact]
    public async Task ChatJob_ForgottenAfterTheRetention_KeptWithTheDefault()
    {
        await using var forgetful = await fixture.StartGatewayAsync(o => (o.ChatJobRetention, o.BatchScanInterval) = (TimeSpan.Zero, TimeSpan.Zero));
        using var http = forgetful.Http();
        var body = new { model = "alpha", messages = new[] { new { role = "user", content = "What is 2 + 2?" } } };

        var forgotten = (await Json.ReadAsync(await http.PostAsJsonAsync("v1/chat/completions", body))).GetProperty("id").GetString()!;
        var kept = (await Json.ReadAsync(await fixture.Http().PostAsJsonAsync("v1/chat/completions", body))).GetProperty("id").GetString()!;

        for (var waited = 0; (await http.GetAsync($"v1/jobs/{forgotten}")).StatusCode != System.Net.HttpStatusCode.NotFound; waited++)
        {
            Assert.True(waited < 100, "the chat job was still there 10 s after its answer");
            await Task.Delay(100);
        }

        var report = await Json.ReadAsync(await fixture.Http().GetAsync($"v1/jobs/{kept}"));
        Assert.Equal("01:00:00", report.GetProperty("retention").GetString()); // the cluster deletes it then, whether or not this gateway still runs
        Assert.Equal("00:00:30", report.GetProperty("watch_lease").GetString()); // and would have cancelled it had this gateway died before its end
    }
}

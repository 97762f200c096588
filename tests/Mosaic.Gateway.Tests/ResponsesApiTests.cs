using System.ClientModel;
using System.Text.Json;
using OpenAI;
using OpenAI.Responses;

namespace Mosaic.Gateway.Tests;

/// <summary><c>POST /v1/responses</c> through the official OpenAI .NET client's <see cref="ResponsesClient"/>, unchanged, and raw HTTP for its errors.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ResponsesApiTests(GatewayFixture fixture)
{
    private ResponsesClient Client => new(new ApiKeyCredential(GatewayFixture.ApiKey), new ResponsesClientOptions { Endpoint = new Uri(fixture.Gateway.BaseUrl, "v1") });

    [Fact]
    public async Task Response_MosaicModel_SdkReadsTheAnswerUsageAndTheMosaicExtension()
    {
        var result = await Client.CreateResponseAsync("mosaic", "What is 12 + 30?");

        var response = result.Value;
        Assert.StartsWith("resp_", response.Id);
        Assert.Equal("mosaic", response.Model);
        Assert.Equal(ResponseStatus.Completed, response.Status);
        Assert.Contains("The answer is", response.GetOutputText());
        var message = Assert.IsAssignableFrom<MessageResponseItem>(response.OutputItems.Last());
        Assert.Equal(MessageRole.Assistant, message.Role);
        Assert.Equal("msg_" + response.Id["resp_".Length..], message.Id);
        Assert.True(response.Usage.OutputTokenCount > 0);
        Assert.Equal(response.Usage.InputTokenCount + response.Usage.OutputTokenCount, response.Usage.TotalTokenCount);
        var raw = JsonDocument.Parse(result.GetRawResponse().Content).RootElement;
        Assert.Equal("response", raw.GetProperty("object").GetString());
        Assert.False(raw.GetProperty("store").GetBoolean());
        var mosaic = raw.GetProperty("mosaic");
        Assert.Equal("add", mosaic.GetProperty("skill").GetString());
        Assert.Equal(response.Id, mosaic.GetProperty("job_id").GetString());
        Assert.NotNull(mosaic.GetProperty("final_answer").GetString());
        // The same question as a chat completion gets the same message: one path from a result to its text.
        var chat = (await fixture.OpenAi.GetChatClient("mosaic").CompleteChatAsync([new OpenAI.Chat.UserChatMessage("What is 12 + 30?")])).Value;
        Assert.Equal(chat.Content[0].Text, response.GetOutputText());
    }

    [Fact]
    public async Task Response_Streamed_EventsInOrderAndTheDeltasMakeTheCompletedText()
    {
        var updates = new List<StreamingResponseUpdate>();
        await foreach (var update in await Client.CreateResponseStreamingAsync("alpha", "What is 3 + 4?"))
        {
            updates.Add(update);
        }

        Assert.Equal(Enumerable.Range(0, updates.Count), updates.Select(u => u.SequenceNumber));
        Assert.IsType<StreamingResponseCreatedUpdate>(updates[0]);
        Assert.IsType<StreamingResponseInProgressUpdate>(updates[1]);
        var completed = Assert.IsType<StreamingResponseCompletedUpdate>(updates[^1]);
        var deltas = updates.OfType<StreamingResponseOutputTextDeltaUpdate>().ToArray();
        Assert.NotEmpty(deltas);
        Assert.Equal(completed.Response.GetOutputText(), string.Concat(deltas.Select(d => d.Delta)));
        Assert.Equal(completed.Response.GetOutputText(), Assert.Single(updates.OfType<StreamingResponseOutputTextDoneUpdate>()).Text);
        Assert.Equal(ResponseStatus.Completed, completed.Response.Status);
        Assert.Equal("alpha", completed.Response.Model);
        Assert.All(deltas, d => Assert.Equal("msg_" + completed.Response.Id["resp_".Length..], d.ItemId));
    }

    [Fact]
    public async Task Response_MessageInput_TheLastUserMessageIsTheQuestionAndTheRequestIsEchoed()
    {
        var options = new CreateResponseOptions("mosaic",
        [
            ResponseItem.CreateDeveloperMessageItem("Answer briefly."),
            ResponseItem.CreateUserMessageItem("How many a in abca?"),
            ResponseItem.CreateAssistantMessageItem("The answer is 2."),
            ResponseItem.CreateUserMessageItem("What is 7 + 11?"),
        ])
        {
            Instructions = "Be exact.",
            MaxOutputTokenCount = 64,
            Metadata = { ["tenant"] = "t1" },
        };

        var result = await Client.CreateResponseAsync(options);

        var raw = JsonDocument.Parse(result.GetRawResponse().Content).RootElement;
        Assert.Equal("add", raw.GetProperty("mosaic").GetProperty("skill").GetString());
        Assert.Equal("Be exact.", raw.GetProperty("instructions").GetString());
        Assert.Equal(64, result.Value.MaxOutputTokenCount);
        Assert.Equal("t1", result.Value.Metadata["tenant"]);
    }

    [Fact]
    public async Task Response_FunctionTools_AnsweredInTextAndEchoed()
    {
        const string body = "{\"model\": \"alpha\", \"input\": \"What is 3 + 4?\", \"tools\": [{\"type\": \"function\", \"name\": \"get_time\", \"parameters\": {\"type\": \"object\", \"properties\": {}}}]}";

        using var response = await fixture.Http().PostAsync("v1/responses", Json.Body(body));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var raw = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("get_time", Assert.Single(raw.GetProperty("tools").EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal("message", raw.GetProperty("output").EnumerateArray().Last().GetProperty("type").GetString());
    }

    [Fact]
    public async Task Response_EarlierOutputReplayedAsInput_TheNewUserMessageIsAnswered()
    {
        // The usual multi-turn pattern without stored responses: the earlier response's output items, then the new turn.
        var first = (await Client.CreateResponseAsync("mosaic", "How many a in abca?")).Value;
        var options = new CreateResponseOptions("mosaic", [ResponseItem.CreateUserMessageItem("How many a in abca?"), .. first.OutputItems, ResponseItem.CreateUserMessageItem("What is 7 + 11?")]);

        var result = await Client.CreateResponseAsync(options);

        Assert.Equal("add", JsonDocument.Parse(result.GetRawResponse().Content).RootElement.GetProperty("mosaic").GetProperty("skill").GetString());
    }

    [Fact]
    public async Task Response_CutAtMaxOutputTokens_IsIncompleteWithItsReason()
    {
        var response = (await Client.CreateResponseAsync(new CreateResponseOptions("alpha", [ResponseItem.CreateUserMessageItem("What is 3 + 4?")]) { MaxOutputTokenCount = 2 })).Value;

        Assert.Equal(ResponseStatus.Incomplete, response.Status);
        Assert.Equal(ResponseIncompleteStatusReason.MaxOutputTokens, response.IncompleteStatusDetails.Reason);
        Assert.Equal(2, response.Usage.OutputTokenCount);
        StreamingResponseUpdate? last = null;
        await foreach (var update in await Client.CreateResponseStreamingAsync(new CreateResponseOptions("alpha", [ResponseItem.CreateUserMessageItem("What is 3 + 4?")]) { MaxOutputTokenCount = 2, StreamingEnabled = true }))
        {
            last = update;
        }

        Assert.Equal(ResponseStatus.Incomplete, Assert.IsType<StreamingResponseIncompleteUpdate>(last).Response.Status);
    }

    [Fact]
    public async Task Response_Retrieved_404SayingResponsesAreNotStored()
    {
        var id = (await Client.CreateResponseAsync("alpha", "What is 1 + 1?")).Value.Id;

        var retrieved = await Assert.ThrowsAsync<ClientResultException>(() => Client.GetResponseAsync(id));
        var deleted = await fixture.Http().DeleteAsync($"v1/responses/{id}");

        Assert.Equal(404, retrieved.Status);
        Assert.Contains("not stored", retrieved.Message, StringComparison.Ordinal);
        Assert.Contains(id, (await Json.AssertErrorAsync(deleted, 404, "not_found")).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"model\": \"mosaic\"}", 400, "missing_required_parameter", "input")]
    [InlineData("{\"model\": \"mosaic\", \"input\": 7}", 400, "invalid_type", "input")]
    [InlineData("{\"model\": \"mosaic\", \"input\": \"  \"}", 400, "invalid_value", "input")]
    [InlineData("{\"model\": \"mosaic\", \"input\": [{\"role\": \"system\", \"content\": \"hi\"}]}", 400, "invalid_value", "input")]
    [InlineData("{\"model\": \"mosaic\", \"input\": [{\"type\": \"function_call_output\", \"call_id\": \"c\", \"output\": \"x\"}]}", 400, "unsupported_value", "input[0].type")]
    [InlineData("{\"model\": \"mosaic\", \"input\": [{\"role\": \"tool\", \"content\": \"x\"}]}", 400, "invalid_value", "input[0].role")]
    [InlineData("{\"model\": \"mosaic\", \"input\": [{\"role\": \"user\", \"content\": [{\"type\": \"input_image\", \"image_url\": \"x\"}]}]}", 400, "invalid_value", "input[0].content")]
    [InlineData("{\"model\": \"nope\", \"input\": \"What is 1 + 1?\"}", 404, "model_not_found", "model")]
    [InlineData("{\"model\": \"mosaic\", \"input\": \"What is 1 + 1?\", \"previous_response_id\": \"resp_1\"}", 400, "unsupported_value", "previous_response_id")]
    [InlineData("{\"model\": \"mosaic\", \"input\": \"What is 1 + 1?\", \"background\": true}", 400, "unsupported_value", "background")]
    [InlineData("{\"model\": \"mosaic\", \"input\": \"What is 1 + 1?\", \"text\": {\"format\": {\"type\": \"json_object\"}}}", 400, "unsupported_value", "text.format")]
    [InlineData("{\"model\": \"mosaic\", \"input\": \"What is 1 + 1?\", \"temperature\": 3}", 400, "invalid_value", "temperature")]
    [InlineData("{\"model\": \"mosaic\", \"input\": \"What is 1 + 1?\", \"max_output_tokens\": 0}", 400, "invalid_value", "max_output_tokens")]
    [InlineData("{\"model\": \"mosaic\", \"input\": \"What is 1 + 1?\", \"instructions\": 5}", 400, "invalid_type", "instructions")]
    [InlineData("{\"model\": \"mosaic\", \"input\": \"What is 1 + 1?\", \"tools\": [{\"type\": \"web_search_preview\"}]}", 400, "unsupported_value", "tools[0].type")]
    [InlineData("{\"model\": \"mosaic\", \"input\": \"What is 1 + 1?\", \"tools\": [{\"type\": \"function\", \"name\": \"f\"}, {\"name\": \"g\"}]}", 400, "unsupported_value", "tools[1].type")]
    public async Task Response_BadRequest_OneErrorNamingTheParameter(string body, int status, string code, string param)
    {
        var error = await Json.AssertErrorAsync(await fixture.Http().PostAsync("v1/responses", Json.Body(body)), status, code);

        Assert.Equal(param, error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task Response_ReplayedReasoningPlainTextFormatAndToolChoiceAuto_AreAccepted()
    {
        var body = "{\"model\": \"alpha\", \"input\": [{\"type\": \"reasoning\", \"id\": \"rs_1\", \"summary\": [], \"content\": [{\"type\": \"reasoning_text\", \"text\": \"1 + 1\"}]}, "
            + "{\"role\": \"user\", \"content\": [{\"type\": \"input_text\", \"text\": \"What is 1 + 1?\"}]}], \"text\": {\"format\": {\"type\": \"text\"}}, \"tool_choice\": \"auto\", \"store\": true}";

        var response = await fixture.Http().PostAsync("v1/responses", Json.Body(body));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("completed", (await Json.ReadAsync(response)).GetProperty("status").GetString());
    }
}

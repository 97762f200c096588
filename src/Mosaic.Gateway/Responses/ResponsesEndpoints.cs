using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Mosaic.Gateway.Api;
using Mosaic.Gateway.Chat;
using Mosaic.Gateway.Hosting;

namespace Mosaic.Gateway.Responses;

/// <summary>
/// <c>POST /v1/responses</c>, OpenAI's Responses API: one question through the mixture (or one expert), as a chat
/// completion is answered, whole or streamed as typed events ending with <c>response.completed</c>.
/// </summary>
internal static class ResponsesEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/responses", CreateAsync)
            .WithName("CreateResponse")
            .WithSummary("Answer one question with the mixture of agents (model 'mosaic') or with one expert (its name), as an OpenAI response.")
            .Accepts<JsonElement>("application/json")
            .Produces<ResponseObject>()
            .Produces<ResponseEvent>(StatusCodes.Status200OK, "text/event-stream")
            .Produces<ErrorResponse>(StatusCodes.Status400BadRequest);
        app.MapMethods("/v1/responses/{responseId}", [HttpMethods.Get, HttpMethods.Delete], NotStored)
            .WithName("GetResponse")
            .WithSummary("Responses are not stored: always 404, saying so.")
            .Produces<ErrorResponse>(StatusCodes.Status404NotFound);
    }

    /// <summary>A client that retrieves or deletes a response learns why it cannot, rather than reading "unknown endpoint".</summary>
    private static IResult NotStored(string responseId) =>
        throw new ApiException(StatusCodes.Status404NotFound,
            $"Response '{responseId}' was not stored: this server answers responses without storing them ('store' is false in every response).", "invalid_request_error", "not_found", "response_id");

    private static async Task CreateAsync(HttpContext context, ResponseRequestReader reader, ChatService chat, IOptions<GatewayOptions> options)
    {
        using var body = ChatRequestReader.Parse(await RequestBody.ReadAsync(context.Request, context.RequestAborted, options.Value.MaxRequestBytes, RequestBody.RequestSetting));
        var request = reader.Read(body.RootElement);
        var id = ResponseFactory.NewId();
        var createdAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await chat.SubmitAsync(id, request.Question);
        if (!request.Question.Stream)
        {
            var result = await chat.WaitAsync(id, context.RequestAborted);
            await context.Response.WriteAsJsonAsync(ResponseFactory.Completed(id, createdAt, request, result), GatewayJson.Options, context.RequestAborted);
            return;
        }

        await StreamAsync(context, chat, request, id, createdAt);
    }

    /// <summary>
    /// <c>response.created</c> and <c>response.in_progress</c>, keep-alive comments while the job runs, then the reasoning
    /// item (whole), the message item with its text in word-sized deltas, and <c>response.completed</c> (or
    /// <c>response.incomplete</c>) with the whole response; an error after the stream started is an <c>error</c> event.
    /// </summary>
    private static async Task StreamAsync(HttpContext context, ChatService chat, ResponseRequest request, string id, long createdAt)
    {
        var ct = context.RequestAborted;
        var run = chat.WaitAsync(id, ct);
        await ServerSentEvents.FailFastAsync(run, ct);
        ServerSentEvents.Start(context.Response);
        var sequence = 0;
        var started = ResponseFactory.InProgress(id, createdAt, request);
        await Send(Next("response.created") with { Response = started });
        await Send(Next("response.in_progress") with { Response = started });
        await ServerSentEvents.KeepAliveAsync(context.Response, run, ct);
        try
        {
            var response = ResponseFactory.Completed(id, createdAt, request, await run);
            for (var index = 0; index < response.Output.Count; index++)
            {
                var item = response.Output[index];
                if (item.Type == "message")
                {
                    await SendMessage(item, index);
                    continue;
                }

                await Send(Next("response.output_item.added") with { OutputIndex = index, Item = item });
                await Send(Next("response.output_item.done") with { OutputIndex = index, Item = item });
            }

            await Send(Next(response.Status == "incomplete" ? "response.incomplete" : "response.completed") with { Response = response });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The status line has gone: the error travels as an event, as OpenAI's streams do.
            var error = ErrorMiddleware.Describe(e).Body.Error;
            await Send(Next("error") with { Code = error.Code, Message = error.Message, Param = error.Param });
        }

        async Task SendMessage(ResponseOutputItem message, int index)
        {
            var text = message.Content[0].Text;
            await Send(Next("response.output_item.added") with { OutputIndex = index, Item = ResponseOutputItem.Message(message.Id, "in_progress", []) });
            await Send(InPart("response.content_part.added") with { Part = ResponseContent.OutputText("") });
            foreach (var piece in ChatEndpoints.Pieces(text))
            {
                await Send(InPart("response.output_text.delta") with { Delta = piece });
            }

            await Send(InPart("response.output_text.done") with { Text = text });
            await Send(InPart("response.content_part.done") with { Part = message.Content[0] });
            await Send(Next("response.output_item.done") with { OutputIndex = index, Item = message });

            ResponseEvent InPart(string type) => Next(type) with { ItemId = message.Id, OutputIndex = index, ContentIndex = 0 };
        }

        ResponseEvent Next(string type) => new(type, sequence++);

        Task Send(ResponseEvent e) => ServerSentEvents.EventAsync(context.Response, e.Type, GatewayJson.Line(e), ct);
    }
}

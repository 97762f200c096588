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
        AccessLogMiddleware.NoteModel(context, request.Question.Model);
        var id = ResponseFactory.NewId();
        var createdAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await chat.SubmitAsync(id, request.Question, context.RequestAborted);
        if (!request.Question.Stream)
        {
            var result = await chat.WaitAsync(id, context.RequestAborted);
            await context.Response.WriteAsJsonAsync(ResponseFactory.Completed(id, createdAt, request, result), GatewayJson.Options, context.RequestAborted);
            return;
        }

        await StreamAsync(context, chat, request, id, createdAt);
    }

    /// <summary>
    /// <c>response.created</c> and <c>response.in_progress</c> once the answer starts, the job has ended or one keep-alive
    /// interval has passed; the reasoning item and the message item as the model writes them when the answer is the
    /// aggregator's (or the one expert's) text (<see cref="ResponseItemStream"/>), with keep-alive comments in silences;
    /// the rest once the job has ended, and <c>response.completed</c> (or <c>response.incomplete</c>) with the whole
    /// response; an error after the stream started is an <c>error</c> event.
    /// </summary>
    private static async Task StreamAsync(HttpContext context, ChatService chat, ResponseRequest request, string id, long createdAt)
    {
        var ct = context.RequestAborted;
        var answer = await StreamedAnswer.StartAsync(chat, id, request.Question, ct);
        ServerSentEvents.Start(context.Response);
        var sequence = 0;
        var started = ResponseFactory.InProgress(id, createdAt, request);
        await Send(Next("response.created") with { Response = started });
        await Send(Next("response.in_progress") with { Response = started });
        var items = new ResponseItemStream(id, Next, Send);
        await answer.FollowAsync(context.Response, items.AddAsync, ct);
        try
        {
            var (result, rest, _) = await answer.EndAsync();
            await items.AddAsync(rest);
            var response = ResponseFactory.Completed(id, createdAt, request, result);
            await items.CloseAsync(response);
            await Send(Next(response.Status == "incomplete" ? "response.incomplete" : "response.completed") with { Response = response });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The status line has gone: the error travels as an event, as OpenAI's streams do.
            var error = ErrorMiddleware.Describe(e).Body.Error;
            await Send(Next("error") with { Code = error.Code, Message = error.Message, Param = error.Param });
        }

        ResponseEvent Next(string type) => new(type, sequence++);

        Task Send(ResponseEvent e) => ServerSentEvents.EventAsync(context.Response, e.Type, GatewayJson.Line(e), ct);
    }
}

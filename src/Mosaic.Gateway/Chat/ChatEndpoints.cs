using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Mosaic.Gateway.Api;
using Mosaic.Gateway.Hosting;

namespace Mosaic.Gateway.Chat;

/// <summary><c>POST /v1/chat/completions</c>: one question through the mixture (or one expert), whole or streamed as SSE chunks ending with <c>[DONE]</c>.</summary>
internal static class ChatEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/v1/chat/completions", CompleteAsync)
            .WithName("CreateChatCompletion")
            .WithSummary("Answer one question with the mixture of agents (model 'mosaic') or with one expert (its name).")
            .Accepts<JsonElement>("application/json")
            .Produces<ChatCompletion>()
            .Produces<ChatCompletionChunk>(StatusCodes.Status200OK, "text/event-stream")
            .Produces<ErrorResponse>(StatusCodes.Status400BadRequest);

    private static async Task CompleteAsync(HttpContext context, ChatRequestReader reader, ChatService chat, IOptions<GatewayOptions> options)
    {
        // The documented limit, not the server's default of about 30 MB (which the 413's message would have blamed on this setting).
        using var body = ChatRequestReader.Parse(await RequestBody.ReadAsync(context.Request, context.RequestAborted, options.Value.MaxRequestBytes, RequestBody.RequestSetting));
        var question = reader.Read(body.RootElement);
        AccessLogMiddleware.NoteModel(context, question.Model);
        var id = ChatService.NewId();
        await chat.SubmitAsync(id, question, context.RequestAborted);
        if (!question.Stream)
        {
            var result = await chat.WaitAsync(id, context.RequestAborted);
            await context.Response.WriteAsJsonAsync(CompletionFactory.Completion(id, question.Model, result, id, question.Skill, question.Stop) with { ServiceTier = ServiceTiers.NameOf(question.Priority) }, GatewayJson.Options, context.RequestAborted);
            return;
        }

        await StreamAsync(context, chat, question, id);
    }

    /// <summary>
    /// The role once the answer starts, the job has ended or one keep-alive interval has passed; the thinking (if any)
    /// and the content as the model writes them when the answer is the aggregator's (or the one expert's) text, with
    /// keep-alive comments in silences; the rest of the message once the job has ended; the closing chunk with the
    /// extension, optional usage, [DONE].
    /// </summary>
    private static async Task StreamAsync(HttpContext context, ChatService chat, ChatQuestion question, string id)
    {
        var ct = context.RequestAborted;
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var answer = await StreamedAnswer.StartAsync(chat, id, question, ct);
        ServerSentEvents.Start(context.Response);
        await Chunk(new ChatCompletionChunk(id, created, question.Model, [new ChunkChoice(0, new ChunkDelta(Role: "assistant", Content: ""), null)]));
        await answer.FollowAsync(context.Response, Deltas, ct);

        try
        {
            var (result, rest, finish) = await answer.EndAsync();
            await Deltas(rest);

            await Chunk(new ChatCompletionChunk(id, created, question.Model, [new ChunkChoice(0, new ChunkDelta(), finish)],
                Mosaic: CompletionFactory.Extension(result, id, question.Skill)));
            if (question.IncludeUsage)
            {
                await Chunk(new ChatCompletionChunk(id, created, question.Model, [], Usage: CompletionFactory.Usage(result)));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The status line has gone: the error travels as an event, as OpenAI's streams do.
            await ServerSentEvents.DataAsync(context.Response, GatewayJson.Line(ErrorMiddleware.Describe(e).Body), ct);
        }

        await ServerSentEvents.DoneAsync(context.Response, ct);

        Task Chunk(ChatCompletionChunk chunk) =>
            ServerSentEvents.DataAsync(context.Response, GatewayJson.Line(chunk with { ServiceTier = ServiceTiers.NameOf(question.Priority) }), ct);

        async Task Deltas((string Reasoning, string Content) delta)
        {
            foreach (var piece in Pieces(delta.Reasoning))
            {
                await Chunk(new ChatCompletionChunk(id, created, question.Model, [new ChunkChoice(0, new ChunkDelta(ReasoningContent: piece), null)]));
            }

            foreach (var piece in Pieces(delta.Content))
            {
                await Chunk(new ChatCompletionChunk(id, created, question.Model, [new ChunkChoice(0, new ChunkDelta(Content: piece), null)]));
            }
        }
    }

    /// <summary>The text in word-sized pieces (each keeps its trailing space), so clients render it as it arrives.</summary>
    internal static IEnumerable<string> Pieces(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]) && (i + 1 == text.Length || !char.IsWhiteSpace(text[i + 1])))
            {
                yield return text[start..(i + 1)];
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            yield return text[start..];
        }
    }
}

using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Mosaic.Abstractions.Results;
using Mosaic.Gateway.Api;
using Mosaic.Gateway.Hosting;

namespace Mosaic.Gateway.Chat;

/// <summary>
/// A streamed chat job's answer, as both streaming endpoints (chat completions, responses) send it: the wait for the job
/// with its answer's growing text (<see cref="ChatService.WaitAsync"/>), the moment the stream may start
/// (<see cref="ServerSentEvents.FailFastAsync"/>), the message's deltas as the text grows (<see cref="MessageStream"/>),
/// and at the end the rest of the finished message.
/// </summary>
internal sealed class StreamedAnswer
{
    private readonly Channel<string> _texts = Channel.CreateBounded<string>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly MessageStream _message;
    private readonly IReadOnlyList<string>? _stop;
    private readonly Task<QuestionResult> _run;

    private StreamedAnswer(ChatService chat, string jobId, ChatQuestion question, CancellationToken ct)
    {
        _stop = question.Stop;
        _message = new MessageStream(question.Stop);
        _run = chat.WaitAsync(jobId, ct, text => _texts.Writer.TryWrite(text), question.Model);
    }

    /// <summary>Starts waiting for job <paramref name="jobId"/>; returns once the stream may start.</summary>
    /// <exception cref="ApiException">The job failed before its answer began (the request's 4xx or 5xx, not an event).</exception>
    public static async Task<StreamedAnswer> StartAsync(ChatService chat, string jobId, ChatQuestion question, CancellationToken ct)
    {
        var answer = new StreamedAnswer(chat, jobId, question, ct);
        await ServerSentEvents.FailFastAsync(answer._run, answer._texts.Reader, ct);
        return answer;
    }

    /// <summary>Until the job ends: the message's deltas to <paramref name="send"/> as its text grows, keep-alive comments in silences.</summary>
    public Task FollowAsync(HttpResponse response, Func<(string Reasoning, string Content), Task> send, CancellationToken ct) =>
        ServerSentEvents.FollowAsync(response, _run, _texts.Reader, text => send(_message.Next(text)), ct);

    /// <summary>The job's result, the rest of its message after what was sent, and the message's finish reason.</summary>
    /// <exception cref="ApiException">The job failed, or its finished message does not begin with what was sent (<c>stream_replaced</c>).</exception>
    public async Task<(QuestionResult Result, (string Reasoning, string Content) Remainder, string FinishReason)> EndAsync()
    {
        var result = await _run;
        var (content, reasoning, finish) = CompletionFactory.Message(result, _stop);
        var rest = _message.Finish(reasoning, content) ?? throw new ApiException(
            StatusCodes.Status500InternalServerError,
            "The answer being streamed was not the final one: the call writing it failed and the answer is another model's. The job's result has it.",
            "server_error",
            "stream_replaced");
        return (result, rest, finish);
    }
}

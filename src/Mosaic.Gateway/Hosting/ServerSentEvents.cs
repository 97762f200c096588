using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace Mosaic.Gateway.Hosting;

/// <summary>Writes <c>text/event-stream</c> responses: each event flushed at once, comments as keep-alives.</summary>
internal static class ServerSentEvents
{
    public static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Waits up to one keep-alive interval before the stream starts: a request the models refuse (prompt plus max
    /// tokens over their context) fails within moments, and holding the status line that long lets it be the 4xx it
    /// is. Once the stream has started, an error can only travel as an event, which the OpenAI SDKs raise without the status.
    /// The wait ends as soon as <paramref name="texts"/> has a text to send.
    /// </summary>
    public static async Task FailFastAsync(Task run, ChannelReader<string> texts, CancellationToken ct)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var textReady = texts.WaitToReadAsync(waiting.Token).AsTask();
        await Task.WhenAny(run, textReady, Task.Delay(KeepAliveInterval, waiting.Token));
        await waiting.CancelAsync();
        if (run.IsFaulted)
        {
            await run;
        }
    }

    /// <summary>
    /// Until <paramref name="run"/> ends: each newest text from <paramref name="texts"/> to <paramref name="send"/> as it
    /// comes, and a keep-alive comment after each interval in which nothing came.
    /// </summary>
    public static async Task FollowAsync(HttpResponse response, Task run, ChannelReader<string> texts, Func<string, Task> send, CancellationToken ct)
    {
        while (!run.IsCompleted)
        {
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var textReady = texts.WaitToReadAsync(waiting.Token).AsTask();
            var quiet = Task.Delay(KeepAliveInterval, waiting.Token);
            var first = await Task.WhenAny(run, textReady, quiet);
            await waiting.CancelAsync();
            ct.ThrowIfCancellationRequested();
            if (texts.TryRead(out var text))
            {
                await send(text);
            }
            else if (first == quiet)
            {
                await CommentAsync(response, "running", ct);
            }
        }
    }

    public static void Start(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
    }

    public static Task DataAsync(HttpResponse response, string data, CancellationToken ct) => WriteAsync(response, $"data: {data}\n\n", ct);

    public static Task EventAsync(HttpResponse response, string name, string data, CancellationToken ct) =>
        WriteAsync(response, $"event: {name}\ndata: {data}\n\n", ct);

    public static Task CommentAsync(HttpResponse response, string text, CancellationToken ct) => WriteAsync(response, $": {text}\n\n", ct);

    public static Task DoneAsync(HttpResponse response, CancellationToken ct) => DataAsync(response, "[DONE]", ct);

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken ct)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
        await response.Body.FlushAsync(ct);
    }
}

using Microsoft.AspNetCore.Http;

namespace Mosaic.Gateway.Hosting;

/// <summary>
/// Every response carries <c>x-request-id</c>, as OpenAI's do (the SDKs expose it as the response's request id): the
/// caller's own <c>X-Request-Id</c> when it sent a usable one (printable ASCII, at most 200 characters), else the
/// request's trace identifier; it becomes the request's <see cref="HttpContext.TraceIdentifier"/> for what follows.
/// </summary>
internal sealed class RequestIdMiddleware(RequestDelegate next)
{
    public const string Header = "x-request-id";
    private const int MaxLength = 200;

    public Task InvokeAsync(HttpContext context)
    {
        var sent = context.Request.Headers[Header].ToString();
        if (sent.Length is > 0 and <= MaxLength && sent.All(c => c is > ' ' and < (char)127))
        {
            context.TraceIdentifier = sent;
        }

        // At the start of the response, not now: the error middleware clears the headers of a response it replaces.
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            http.Response.Headers[Header] = http.TraceIdentifier;
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}

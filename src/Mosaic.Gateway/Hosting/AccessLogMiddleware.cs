using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mosaic.Gateway.Hosting;

/// <summary>
/// One line per request in the category <see cref="Category"/>: method, path, status, duration, the request id the
/// client got (<see cref="RequestIdMiddleware"/>), the model when the endpoint read one (<see cref="NoteModel"/>) and
/// the W3C trace id. Information, but Debug for <see cref="QuietPaths"/>: probes and scrapers call them every few
/// seconds. A request the client gave up on is logged with status 499, as nginx does: nothing was sent.
/// </summary>
internal sealed partial class AccessLogMiddleware(RequestDelegate next, ILoggerFactory loggers)
{
    public const string Category = "Mosaic.Gateway.AccessLog";

    /// <summary>Not a status HTTP defines: the client closed the connection before the response (nginx's convention).</summary>
    public const int ClientClosedRequest = 499;

    private static readonly string[] QuietPaths = ["/healthz", "/readyz", "/metrics"];
    private static readonly object ModelKey = new();

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    /// <summary>Records the request's model for its access line.</summary>
    public static void NoteModel(HttpContext context, string model) => context.Items[ModelKey] = model;

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var trace = Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.TraceId.ToHexString() : null;
        try
        {
            await next(context);
        }
        catch (Exception)
        {
            Write(context, started, trace, Status(context, threw: true));
            throw;
        }

        Write(context, started, trace, Status(context, threw: false));
    }

    private static int Status(HttpContext context, bool threw) =>
        context.Response.HasStarted ? context.Response.StatusCode
        : context.RequestAborted.IsCancellationRequested ? ClientClosedRequest
        // Past every handler of the gateway: the server answers 500.
        : threw ? StatusCodes.Status500InternalServerError
        : context.Response.StatusCode;

    private void Write(HttpContext context, long started, string? trace, int status)
    {
        var path = context.Request.Path.Value ?? "";
        var level = QuietPaths.Contains(path, StringComparer.OrdinalIgnoreCase) ? LogLevel.Debug : LogLevel.Information;
        if (!_logger.IsEnabled(level))
        {
            return;
        }

        var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (context.Items[ModelKey] is string model)
        {
            LogWithModel(_logger, level, context.Request.Method, path, status, milliseconds, context.TraceIdentifier, model, trace);
        }
        else
        {
            Log(_logger, level, context.Request.Method, path, status, milliseconds, context.TraceIdentifier, trace);
        }
    }

    [LoggerMessage(Message = "{Method} {Path} {StatusCode} {DurationMs:0.0} ms (request {RequestId}, trace {TraceId})")]
    private static partial void Log(ILogger logger, LogLevel level, string method, string path, int statusCode, double durationMs, string requestId, string? traceId);

    [LoggerMessage(Message = "{Method} {Path} {StatusCode} {DurationMs:0.0} ms (request {RequestId}, model {Model}, trace {TraceId})")]
    private static partial void LogWithModel(
        ILogger logger, LogLevel level, string method, string path, int statusCode, double durationMs, string requestId, string model, string? traceId);
}

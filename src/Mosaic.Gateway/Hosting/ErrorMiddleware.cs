using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Mosaic.Gateway.Api;

namespace Mosaic.Gateway.Hosting;

/// <summary>
/// Turns every failure into OpenAI's error shape with the right status: refused requests (<see cref="ApiException"/>),
/// bodies over a limit (413), malformed JSON (400), an unreachable cluster or job store (503, with <c>Retry-After</c> for
/// the store), a job store that failed for good (500 <c>store_error</c>), anything else 500 — one line, no stack trace.
/// A response already streaming is left as it is.
/// </summary>
internal sealed partial class ErrorMiddleware(RequestDelegate next, ILogger<ErrorMiddleware> logger)
{
    private const string StoreFailedCode = "store_error";

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var error = Classify(e);
            var (status, message) = (error.Status, error.Error.Message);
            if (status is StatusCodes.Status503ServiceUnavailable or StatusCodes.Status504GatewayTimeout)
            {
                // An unreachable cluster or store or a request over its time limit (Mosaic:Gateway:ChatTimeout) is a state
                // of the deployment, not a fault of the gateway: its reason, no stack trace.
                logger.LogWarning("{Method} {Path} answered {Status}: {Message}", context.Request.Method, context.Request.Path, status, message);
            }
            else if (error.Error.Code == StoreFailedCode)
            {
                // The store's own words name the problem (a missing table, a wrong password); where in the gateway it
                // surfaced does not help to fix it.
                logger.LogError("{Method} {Path} failed with {Status}: {Message} ({Exception})", context.Request.Method, context.Request.Path, status, message, StoreErrors.Find(e)?.GetType().Name);
            }
            else if (status >= StatusCodes.Status500InternalServerError)
            {
                logger.LogError(e, "{Method} {Path} failed with {Status}: {Message}", context.Request.Method, context.Request.Path, status, message);
            }

            await WriteAsync(context, status, new ErrorResponse(error.Error), error.Allow, error.RetryAfter);
        }
    }

    public static (int Status, ErrorResponse Body) Describe(Exception e)
    {
        var error = Classify(e);
        return (error.Status, new ErrorResponse(error.Error));
    }

    /// <summary>The refusal <paramref name="e"/> stands for: its status, OpenAI's error object and the headers that go with it.</summary>
    public static ApiException Classify(Exception e) => e switch
    {
        ApiException api => api,
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            ApiException.TooLarge("The request body is larger than the limit (Mosaic:Gateway:MaxRequestBytes for chat completions and responses, MaxUploadBytes for files and jobs)."),
        // ASP.NET's words for a query value of the wrong type: "Failed to bind parameter \"Nullable<int> limit\" from \"abc\"."
        BadHttpRequestException bad when BindFailure().Match(bad.Message) is { Success: true } binding =>
            ApiException.BadRequest(
                $"'{binding.Groups["name"].Value}' must be {(binding.Groups["type"].Value.Contains("int", StringComparison.Ordinal) ? "a whole number" : binding.Groups["type"].Value)}, got '{binding.Groups["value"].Value}'.",
                "invalid_type", binding.Groups["name"].Value),
        BadHttpRequestException bad => new ApiException(bad.StatusCode, bad.Message, "invalid_request_error", "bad_request"),
        JsonException json => InvalidJson(json),
        _ when StoreErrors.Find(e) is { } store => StoreErrors.Error(e, store),
        _ when ClusterErrors.IsUnavailable(e) => ApiException.Unavailable($"The cluster is not reachable: {ClusterErrors.Reason(e)}"),
        _ => new ApiException(StatusCodes.Status500InternalServerError, $"Internal error ({e.GetType().Name}); the gateway log has the details.", "server_error", "internal_error"),
    };

    public static async Task WriteAsync(HttpContext context, int status, ErrorResponse body, IReadOnlyList<string>? allow = null, TimeSpan? retryAfter = null)
    {
        context.Response.Clear();
        context.Response.StatusCode = status;
        if (allow is { Count: > 0 })
        {
            context.Response.Headers.Allow = string.Join(", ", allow);
        }

        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        await context.Response.WriteAsJsonAsync(body, GatewayJson.Options, context.RequestAborted);
    }

    private static ApiException InvalidJson(JsonException e)
    {
        var (message, param, code) = JsonErrors.Describe(e);
        return ApiException.BadRequest($"The request body is not valid: {message}", code, param);
    }

    [GeneratedRegex("^Failed to bind parameter \"(?<type>[^\"]+) (?<name>\\w+)\" from \"(?<value>.*)\"\\.?$")]
    private static partial Regex BindFailure();
}

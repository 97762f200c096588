using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Mosaic.Gateway.Api;

namespace Mosaic.Gateway.Hosting;

/// <summary>
/// Turns every failure into OpenAI's error shape with the right status: refused requests (<see cref="ApiException"/>),
/// bodies over a limit (413), malformed JSON (400), an unreachable cluster or job store (503), anything else 500 — one line, no stack
/// trace. A response already streaming is left as it is.
/// </summary>
internal sealed partial class ErrorMiddleware(RequestDelegate next, ILogger<ErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var (status, body) = Describe(e);
            if (status is StatusCodes.Status503ServiceUnavailable or StatusCodes.Status504GatewayTimeout)
            {
                // An unreachable cluster or a request over its time limit (Mosaic:Gateway:ChatTimeout) is a state of the
                // deployment, not a fault of the gateway: its reason, no stack trace.
                logger.LogWarning("{Method} {Path} answered {Status}: {Message}", context.Request.Method, context.Request.Path, status, body.Error.Message);
            }
            else if (status >= StatusCodes.Status500InternalServerError)
            {
                logger.LogError(e, "{Method} {Path} failed with {Status}: {Message}", context.Request.Method, context.Request.Path, status, body.Error.Message);
            }

            await WriteAsync(context, status, body, (e as ApiException)?.Allow ?? []);
        }
    }

    public static (int Status, ErrorResponse Body) Describe(Exception e) => e switch
    {
        ApiException api => (api.Status, new ErrorResponse(api.Error)),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            (StatusCodes.Status413PayloadTooLarge, new ErrorResponse(ApiException.TooLarge("The request body is larger than the limit (Mosaic:Gateway:MaxRequestBytes for chat completions and responses, MaxUploadBytes for files and jobs).").Error)),
        // ASP.NET's words for a query value of the wrong type: "Failed to bind parameter \"Nullable<int> limit\" from \"abc\"."
        BadHttpRequestException bad when BindFailure().Match(bad.Message) is { Success: true } binding =>
            (StatusCodes.Status400BadRequest, new ErrorResponse(new ApiError(
                $"'{binding.Groups["name"].Value}' must be {(binding.Groups["type"].Value.Contains("int", StringComparison.Ordinal) ? "a whole number" : binding.Groups["type"].Value)}, got '{binding.Groups["value"].Value}'.",
                "invalid_request_error", binding.Groups["name"].Value, "invalid_type"))),
        BadHttpRequestException bad => (bad.StatusCode, new ErrorResponse(new ApiError(bad.Message, "invalid_request_error", null, "bad_request"))),
        JsonException json => (StatusCodes.Status400BadRequest, new ErrorResponse(InvalidJson(json))),
        _ when StoreErrors.Find(e) is { } store =>
            (StatusCodes.Status503ServiceUnavailable, new ErrorResponse(ApiException.StoreUnavailable(StoreErrors.Message(store)).Error)),
        _ when ClusterErrors.IsUnavailable(e) =>
            (StatusCodes.Status503ServiceUnavailable, new ErrorResponse(ApiException.Unavailable($"The cluster is not reachable: {ClusterErrors.Reason(e)}").Error)),
        _ => (StatusCodes.Status500InternalServerError, new ErrorResponse(new ApiError($"Internal error ({e.GetType().Name}); the gateway log has the details.", "server_error", null, "internal_error"))),
    };

    public static async Task WriteAsync(HttpContext context, int status, ErrorResponse body, IReadOnlyList<string>? allow = null)
    {
        context.Response.Clear();
        context.Response.StatusCode = status;
        if (allow is { Count: > 0 })
        {
            context.Response.Headers.Allow = string.Join(", ", allow);
        }

        await context.Response.WriteAsJsonAsync(body, GatewayJson.Options, context.RequestAborted);
    }

    private static ApiError InvalidJson(JsonException e)
    {
        var (message, param, code) = JsonErrors.Describe(e);
        return new ApiError($"The request body is not valid: {message}", "invalid_request_error", param, code);
    }

    [GeneratedRegex("^Failed to bind parameter \"(?<type>[^\"]+) (?<name>\\w+)\" from \"(?<value>.*)\"\\.?$")]
    private static partial Regex BindFailure();
}

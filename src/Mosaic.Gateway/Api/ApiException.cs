using Microsoft.AspNetCore.Http;

namespace Mosaic.Gateway.Api;

/// <summary>A request the gateway refuses: the HTTP status and OpenAI's error object, written by <see cref="Hosting.ErrorMiddleware"/>.</summary>
internal sealed class ApiException(int status, string message, string type, string? code = null, string? param = null) : Exception(message)
{
    public int Status { get; } = status;

    public ApiError Error { get; } = new(message, type, param, code);

    /// <summary>For a 405, the methods the path takes (the response's <c>Allow</c> header).</summary>
    public IReadOnlyList<string> Allow { get; init; } = [];

    /// <summary>For a 503 worth retrying, how long to wait first (the response's <c>Retry-After</c> header).</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static ApiException BadRequest(string message, string? code = null, string? param = null) =>
        new(StatusCodes.Status400BadRequest, message, "invalid_request_error", code, param);

    public static ApiException NotFound(string what, string id, string? param = null) =>
        new(StatusCodes.Status404NotFound, $"No {what} with id '{id}'.", "invalid_request_error", "not_found", param);

    public static ApiException TooLarge(string message) =>
        new(StatusCodes.Status413PayloadTooLarge, message, "invalid_request_error", "payload_too_large");

    public static ApiException Unavailable(string message) =>
        new(StatusCodes.Status503ServiceUnavailable, message, "server_error", "cluster_unavailable") { RetryAfter = Hosting.ClusterErrors.RetryAfter };

    /// <summary>The database of jobs, files and batches cannot be used for now (<see cref="Hosting.StoreErrors"/>).</summary>
    public static ApiException StoreUnavailable(string message) =>
        new(StatusCodes.Status503ServiceUnavailable, message, "server_error", "store_unavailable") { RetryAfter = Hosting.StoreErrors.RetryAfter };

    /// <summary>The database of jobs, files and batches failed in a way retrying cannot mend (<see cref="Hosting.StoreErrors"/>).</summary>
    public static ApiException StoreFailed(string message) =>
        new(StatusCodes.Status500InternalServerError, message, "server_error", "store_error");

    /// <summary>The gateway is stopping (<see cref="Hosting.ShutdownDeadline"/>) and could not finish what was asked.</summary>
    public static ApiException ShuttingDown(string message) =>
        new(StatusCodes.Status503ServiceUnavailable, message, "server_error", "server_shutting_down");
}

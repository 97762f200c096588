using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Mosaic.Gateway.Api;

namespace Mosaic.Gateway.Hosting;

/// <summary>
/// When API keys are configured, every <c>/v1</c> request must carry one as <c>Authorization: Bearer &lt;key&gt;</c>
/// (compared in constant time); otherwise 401 in OpenAI's shape. Health, readiness, metrics and the OpenAPI document
/// stay open for probes and scrapers.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, GatewayOptions options)
{
    private readonly byte[][] _keys = options.ApiKeys.Select(Encoding.UTF8.GetBytes).ToArray();

    public Task InvokeAsync(HttpContext context)
    {
        if (_keys.Length == 0 || !context.Request.Path.StartsWithSegments("/v1"))
        {
            return next(context);
        }

        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= "Bearer ".Length)
        {
            return Refuse(context, "Missing API key: send it as 'Authorization: Bearer <key>'.");
        }

        var presented = Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim());
        var match = false;
        foreach (var key in _keys)
        {
            match |= CryptographicOperations.FixedTimeEquals(presented, key);
        }

        return match ? next(context) : Refuse(context, "Incorrect API key.");
    }

    private static Task Refuse(HttpContext context, string message)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return ErrorMiddleware.WriteAsync(context, StatusCodes.Status401Unauthorized, new ErrorResponse(new ApiError(message, "invalid_request_error", null, "invalid_api_key")));
    }
}

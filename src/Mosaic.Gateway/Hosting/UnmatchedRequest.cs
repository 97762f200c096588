using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Mosaic.Gateway.Api;

namespace Mosaic.Gateway.Hosting;

/// <summary>
/// Why no endpoint took a request, for the fallback: a path the gateway serves with a body type it does not take is
/// 415 naming the type it takes (<c>curl -d</c> without <c>-H "Content-Type: application/json"</c> sends a form), a
/// path it serves with another method is 405 naming the methods, anything else 404. The fallback outranks the
/// router's own 415 and 405 answers, which would otherwise read "Unknown endpoint POST /v1/chat/completions".
/// </summary>
internal static class UnmatchedRequest
{
    public static ApiException Error(HttpRequest request, EndpointDataSource endpoints)
    {
        var onPath = endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not null && Matches(e, request.Path))
            .ToArray();
        var forMethod = onPath.Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Contains(request.Method, StringComparer.OrdinalIgnoreCase)).ToArray();
        var accepted = forMethod.SelectMany(e => e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes ?? []).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (accepted.Length > 0)
        {
            return new ApiException(
                StatusCodes.Status415UnsupportedMediaType,
                $"{request.Method} {request.Path} takes a body of type {string.Join(" or ", accepted)}; the request's Content-Type is '{request.ContentType ?? "none"}'.",
                "invalid_request_error",
                "unsupported_media_type");
        }

        if (forMethod.Length == 0 && onPath.Length > 0)
        {
            var methods = onPath.SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToArray();
            return new ApiException(
                StatusCodes.Status405MethodNotAllowed,
                $"{request.Path} does not take {request.Method}; it takes {string.Join(", ", methods)}.",
                "invalid_request_error",
                "method_not_allowed") { Allow = methods };
        }

        return new ApiException(StatusCodes.Status404NotFound, $"Unknown endpoint {request.Method} {request.Path}.", "invalid_request_error", "unknown_url");
    }

    private static bool Matches(RouteEndpoint endpoint, PathString path) =>
        endpoint.RoutePattern.RawText is { } template
        && !endpoint.RoutePattern.Parameters.Any(p => p.IsCatchAll)
        && new TemplateMatcher(TemplateParser.Parse(template), new RouteValueDictionary()).TryMatch(path, new RouteValueDictionary());
}

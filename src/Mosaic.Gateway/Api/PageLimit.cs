namespace Mosaic.Gateway.Api;

/// <summary>A list endpoint's <c>?limit=</c>: the default when absent, else a whole number from 1 to the endpoint's maximum (400 otherwise, as OpenAI answers).</summary>
internal static class PageLimit
{
    /// <exception cref="ApiException">The limit is outside 1 to <paramref name="max"/>.</exception>
    public static int Of(int? limit, int fallback, int max) =>
        limit is null ? fallback
        : limit is >= 1 && limit <= max ? limit.Value
        : throw ApiException.BadRequest($"'limit' must be from 1 to {max}, got {limit}.", "invalid_value", "limit");
}

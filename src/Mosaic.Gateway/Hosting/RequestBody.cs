using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Mosaic.Gateway.Api;

namespace Mosaic.Gateway.Hosting;

/// <summary>Reads a whole request body into memory, refusing (413) one larger than the limit before reading it when its length is declared.</summary>
internal static class RequestBody
{
    public const string UploadSetting = "Mosaic:Gateway:MaxUploadBytes";

    public const string RequestSetting = "Mosaic:Gateway:MaxRequestBytes";

    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, CancellationToken ct, long? limit = null, string setting = UploadSetting)
    {
        if (limit is { } max)
        {
            AllowUpTo(request.HttpContext, max, setting);
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    /// <summary>Raises (or lowers) the server's body limit for this request to <paramref name="max"/> bytes; 413 at once if the declared length is larger.</summary>
    public static void AllowUpTo(HttpContext context, long max, string setting = UploadSetting)
    {
        if (context.Request.ContentLength > max)
        {
            throw ApiException.TooLarge($"The request body is {context.Request.ContentLength} bytes; the limit is {max} bytes ({setting}).");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = max;
        }
    }
}

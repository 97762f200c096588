using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Mosaic.Gateway.Api;

namespace Mosaic.Gateway.Files;

/// <summary>
/// Reads a <c>multipart/form-data</c> upload (fields <c>purpose</c> and <c>file</c>) as it streams in, refusing (413)
/// a file over the limit as soon as it crosses it; nothing is stored until the whole file has arrived.
/// </summary>
internal static class FileUpload
{
    private const int FieldLimit = 1024;

    public static async Task<(string Purpose, string FileName, byte[] Content)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw ApiException.BadRequest("Upload files as multipart/form-data with the fields 'purpose' and 'file'.", "invalid_request");
        }

        try
        {
            return await ReadSectionsAsync(new MultipartReader(boundary, request.Body), maxBytes, ct);
        }
        // The server's body limit (413) is an IOException too: it is the error middleware's to answer.
        catch (Exception e) when (e is IOException or InvalidDataException && e is not BadHttpRequestException && !ct.IsCancellationRequested)
        {
            // MultipartReader's words for a body that is not the multipart it announced (no boundary line, cut short).
            // Its first sentence: the rest ("the content may have already been read by another component") is about .NET.
            throw ApiException.BadRequest($"The multipart/form-data body is malformed: {e.Message.Split(", the content may", 2)[0].TrimEnd('.')}.", "invalid_request");
        }
    }

    private static async Task<(string Purpose, string FileName, byte[] Content)> ReadSectionsAsync(MultipartReader reader, long maxBytes, CancellationToken ct)
    {
        string? purpose = null;
        (string Name, byte[] Content)? file = null;
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
            if (name == "file")
            {
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                file = (string.IsNullOrWhiteSpace(fileName) ? "upload" : Path.GetFileName(fileName), await ReadCappedAsync(section.Body, maxBytes, ct));
            }
            else if (name == "purpose")
            {
                purpose = Encoding.UTF8.GetString(await ReadCappedAsync(section.Body, FieldLimit, ct)).Trim();
            }
            else if (name is not null && name.StartsWith("expires_after", StringComparison.Ordinal))
            {
                // Sent as expires_after[anchor] and expires_after[seconds]: an expiry asked for and silently not kept
                // would leave a file the caller believes gone.
                throw ApiException.BadRequest(
                    "'expires_after' is not supported: uploaded files are kept until they are deleted (DELETE /v1/files/{file_id}).", "unsupported_value", "expires_after");
            }
        }

        if (file is not { } upload)
        {
            throw ApiException.BadRequest("The upload has no 'file' field.", "missing_required_parameter", "file");
        }

        return (purpose ?? throw ApiException.BadRequest("The upload has no 'purpose' field.", "missing_required_parameter", "purpose"), upload.Name, upload.Content);
    }

    private static async Task<byte[]> ReadCappedAsync(Stream body, long maxBytes, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw ApiException.TooLarge($"The file is larger than the limit of {maxBytes} bytes (Mosaic:Gateway:MaxUploadBytes).");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

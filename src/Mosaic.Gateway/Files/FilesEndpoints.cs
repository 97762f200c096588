using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Mosaic.Gateway.Api;
using Mosaic.Gateway.Batches;
using Mosaic.Gateway.Hosting;
using Mosaic.Storage.Batches;

namespace Mosaic.Gateway.Files;

/// <summary><c>/v1/files</c>: upload a batch input file, read a file's metadata or content, list and delete files. Files are kept in the job store's database.</summary>
internal static class FilesEndpoints
{
    public const string BatchPurpose = "batch";
    public const string BatchOutputPurpose = "batch_output";

    // Room for the multipart framing around a file of the largest allowed size.
    private const long MultipartOverhead = 64 * 1024;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/files", UploadAsync)
            .WithName("CreateFile")
            .WithSummary("Upload a batch input file (multipart/form-data: purpose=batch, file).")
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<FileObject>()
            .Produces<ErrorResponse>(StatusCodes.Status400BadRequest)
            .Produces<ErrorResponse>(StatusCodes.Status413PayloadTooLarge)
            .DisableAntiforgery();
        app.MapGet("/v1/files", ListAsync).WithName("ListFiles").Produces<ListResponse<FileObject>>();
        app.MapGet("/v1/files/{fileId}", GetAsync).WithName("RetrieveFile").Produces<FileObject>().Produces<ErrorResponse>(StatusCodes.Status404NotFound);
        app.MapGet("/v1/files/{fileId}/content", ContentAsync).WithName("DownloadFile").Produces<byte[]>(StatusCodes.Status200OK, "application/octet-stream")
            .Produces<ErrorResponse>(StatusCodes.Status404NotFound);
        app.MapDelete("/v1/files/{fileId}", DeleteAsync).WithName("DeleteFile").Produces<FileDeletion>()
            .Produces<ErrorResponse>(StatusCodes.Status404NotFound).Produces<ErrorResponse>(StatusCodes.Status409Conflict);
    }

    public static FileObject Describe(StoredFileInfo file) => new(file.FileId, file.Bytes, file.CreatedAt.ToUnixTimeSeconds(), file.FileName, file.Purpose);

    private static async Task<IResult> UploadAsync(HttpContext context, IBatchStore store, IOptions<GatewayOptions> options)
    {
        var limit = options.Value.MaxUploadBytes;
        if (context.Request.ContentLength > limit + MultipartOverhead)
        {
            // The body may exceed the file's limit by the form's own bytes; the limit a user can set and act on is the file's.
            throw ApiException.TooLarge($"The upload is {context.Request.ContentLength} bytes; a file may be at most {limit} bytes (Mosaic:Gateway:MaxUploadBytes).");
        }

        RequestBody.AllowUpTo(context, limit + MultipartOverhead);
        var (purpose, name, content) = await FileUpload.ReadAsync(context.Request, limit, context.RequestAborted);
        if (purpose != BatchPurpose)
        {
            throw ApiException.BadRequest($"The purpose '{purpose}' is not supported; this gateway accepts purpose=batch.", "invalid_value", "purpose");
        }

        var file = new StoredFile($"file-{Guid.NewGuid():N}", name, purpose, DateTimeOffset.UtcNow, content);
        await store.TryCreateFileAsync(file, context.RequestAborted);
        return TypedResults.Json(new FileObject(file.FileId, content.LongLength, file.CreatedAt.ToUnixTimeSeconds(), name, purpose), GatewayJson.Options);
    }

    private static async Task<IResult> ListAsync(IBatchStore store, string? purpose, string? after, int? limit, string? order, CancellationToken ct)
    {
        // The store pages newest first; an ascending order was answered newest first without a word.
        if (order is not (null or "desc"))
        {
            throw ApiException.BadRequest(
                order == "asc" ? "'order' asc is not supported: files are listed newest first (desc)." : $"'order' must be asc or desc, got '{order}'.",
                order == "asc" ? "unsupported_value" : "invalid_value", "order");
        }

        var size = PageLimit.Of(limit, 100, 10_000);
        var files = await store.ListFilesAsync(string.IsNullOrWhiteSpace(purpose) ? null : purpose, string.IsNullOrWhiteSpace(after) ? null : after, size + 1, ct);
        var page = files.Take(size).Select(Describe).ToArray();
        return TypedResults.Json(new ListResponse<FileObject>(page, files.Count > size, page.FirstOrDefault()?.Id, page.LastOrDefault()?.Id), GatewayJson.Options);
    }

    private static async Task<IResult> GetAsync(string fileId, IBatchStore store, CancellationToken ct) =>
        TypedResults.Json(Describe(await store.ReadFileInfoAsync(Checked(fileId), ct) ?? throw ApiException.NotFound("file", fileId, "file_id")), GatewayJson.Options);

    private static async Task<IResult> ContentAsync(string fileId, IBatchStore store, CancellationToken ct) =>
        TypedResults.Bytes(await store.ReadFileContentAsync(Checked(fileId), ct) ?? throw ApiException.NotFound("file", fileId, "file_id"), "application/octet-stream");

    /// <summary>
    /// Deletes a file. The input file of a batch still running is kept (409): the batch reads it again to write its
    /// output; once the batch has ended, its input and output files can go. The store refuses the deletion in the same
    /// step as it deletes, so a batch created on the file at the same moment either makes this a 409 or gets a 404.
    /// </summary>
    private static async Task<IResult> DeleteAsync(string fileId, IBatchStore store, BatchService batches, CancellationToken ct)
    {
        var id = Checked(fileId);
        // Batches created before the store kept their input file are known by their records only.
        var deletion = await batches.OpenLegacyBatchReadingAsync(id, ct) is { } recorded
            ? new StoredFileDeletion(FileDeletionOutcome.InputOfOpenBatch, recorded)
            : await store.DeleteFileAsync(id, ct);
        return deletion.Outcome switch
        {
            FileDeletionOutcome.Deleted => TypedResults.Json(new FileDeletion(id, true), GatewayJson.Options),
            FileDeletionOutcome.InputOfOpenBatch => throw new ApiException(StatusCodes.Status409Conflict,
                $"File '{id}' is the input of batch '{deletion.OpenBatchId}', which has not ended; "
                + "cancel the batch or wait for it to end, then delete the file.", "invalid_request_error", "file_in_use", "file_id"),
            _ => throw ApiException.NotFound("file", fileId, "file_id"),
        };
    }

    private static string Checked(string id) =>
        id.Length <= 256 ? id : throw ApiException.NotFound("file", id[..32] + "…", "file_id");
}

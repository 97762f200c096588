namespace Mosaic.Storage.Batches;

/// <summary>
/// Durable files and batch records of the OpenAI-compatible gateway, kept in the same database as the job store and
/// scoped by the same Orleans service id, so any gateway instance (and a restarted one) sees them. Files are written
/// once and never change (they can be deleted); a batch record is an opaque payload (the gateway's JSON) with a status, an "open" flag (still
/// needs work: listed by <see cref="ListOpenBatchesAsync"/>) and a version for optimistic concurrency.
/// </summary>
/// <remarks>
/// Ids are at most 256 characters, file names at most 1,024, statuses and purposes at most 64. Timestamps are stored in
/// UTC with microsecond precision. A missing table is a one-line <see cref="MosaicStorageException"/> naming the script.
/// </remarks>
public interface IBatchStore
{
    /// <summary>Stores a file; <see langword="false"/> when the id exists (the stored file is left unchanged).</summary>
    Task<bool> TryCreateFileAsync(StoredFile file, CancellationToken ct = default);

    /// <summary>The file's metadata, or null when it does not exist.</summary>
    Task<StoredFileInfo?> ReadFileInfoAsync(string fileId, CancellationToken ct = default);

    /// <summary>The file's bytes, or null when it does not exist.</summary>
    Task<byte[]?> ReadFileContentAsync(string fileId, CancellationToken ct = default);

    /// <summary>
    /// Deletes the file unless it does not exist or an open batch reads it (<see cref="StoredBatch.InputFileId"/>): the
    /// check and the deletion are one step, so no batch created at the same moment is left reading a deleted file.
    /// </summary>
    Task<StoredFileDeletion> DeleteFileAsync(string fileId, CancellationToken ct = default);

    /// <summary>
    /// Files newest first (ties by id, descending), at most <paramref name="limit"/>, only <paramref name="purpose"/>
    /// when given; <paramref name="after"/> continues after that file id (an unknown id gives an empty page).
    /// </summary>
    Task<IReadOnlyList<StoredFileInfo>> ListFilesAsync(string? purpose, string? after, int limit, CancellationToken ct = default);

    /// <summary>
    /// Stores a new batch record at version 1, unless the id exists (left unchanged) or its
    /// <see cref="StoredBatch.InputFileId"/> names a file that does not exist; checked in the same step as the write.
    /// </summary>
    Task<BatchCreation> TryCreateBatchAsync(StoredBatch batch, CancellationToken ct = default);

    /// <summary>The batch record, or null when it does not exist.</summary>
    Task<StoredBatch?> ReadBatchAsync(string batchId, CancellationToken ct = default);

    /// <summary>
    /// Replaces status, open flag and payload if the stored version is still <paramref name="expectedVersion"/>, and
    /// bumps the version; returns the new version, or null when the record changed meanwhile or does not exist.
    /// </summary>
    Task<long?> TryUpdateBatchAsync(string batchId, long expectedVersion, string status, bool open, byte[] payload, CancellationToken ct = default);

    /// <summary>Batch records newest first (ties by id, descending), at most <paramref name="limit"/>, continuing after
    /// <paramref name="after"/> when given (an unknown id gives an empty page).</summary>
    Task<IReadOnlyList<StoredBatch>> ListBatchesAsync(string? after, int limit, CancellationToken ct = default);

    /// <summary>The open batch records, oldest first: the work every gateway's finaliser looks at.</summary>
    Task<IReadOnlyList<StoredBatch>> ListOpenBatchesAsync(CancellationToken ct = default);
}

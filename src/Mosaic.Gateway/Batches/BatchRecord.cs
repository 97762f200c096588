namespace Mosaic.Gateway.Batches;

/// <summary>
/// A batch as stored (the payload of its <see cref="Storage.Batches.StoredBatch"/> row, JSON): what was asked, where
/// it is, its timestamps (Unix seconds), its counts once known and its files once written. The batch's job has the
/// batch's id.
/// </summary>
internal sealed record BatchRecord(
    string Id,
    BatchStatus Status,
    string InputFileId,
    string Endpoint,
    string CompletionWindow,
    long CreatedAt,
    long ExpiresAt,
    IReadOnlyDictionary<string, string>? Metadata,
    string? Model = null,
    int Total = 0,
    int Completed = 0,
    int Failed = 0,
    long? InProgressAt = null,
    long? FinalizingAt = null,
    long? CompletedAt = null,
    long? FailedAt = null,
    long? CancellingAt = null,
    long? CancelledAt = null,
    string? OutputFileId = null,
    string? ErrorFileId = null,
    IReadOnlyList<BatchErrorItem>? Errors = null);

using Mosaic.Gateway.Batches;

namespace Mosaic.Gateway.Api;

/// <summary>OpenAI's batch object.</summary>
internal sealed record BatchObject(
    string Id,
    string Endpoint,
    BatchErrors? Errors,
    string InputFileId,
    string CompletionWindow,
    BatchStatus Status,
    string? OutputFileId,
    string? ErrorFileId,
    long CreatedAt,
    long? InProgressAt,
    long ExpiresAt,
    long? FinalizingAt,
    long? CompletedAt,
    long? FailedAt,
    long? ExpiredAt,
    long? CancellingAt,
    long? CancelledAt,
    BatchRequestCounts RequestCounts,
    IReadOnlyDictionary<string, string>? Metadata,
    string? Model)
{
    public string Object => "batch";

    public static BatchObject From(BatchRecord r, BatchProgress counts) => new(
        r.Id, r.Endpoint, r.Errors is { Count: > 0 } errors ? new BatchErrors(errors) : null, r.InputFileId, r.CompletionWindow, r.Status,
        r.OutputFileId, r.ErrorFileId, r.CreatedAt, r.InProgressAt, r.ExpiresAt, r.FinalizingAt, r.CompletedAt, r.FailedAt, null, r.CancellingAt,
        r.CancelledAt, new BatchRequestCounts(r.Total, counts.Completed, counts.Failed), r.Metadata, r.Model);
}

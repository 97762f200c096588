namespace Mosaic.Storage.Batches;

/// <summary>
/// A batch record: <see cref="Status"/> for people and queries, <see cref="Open"/> while some gateway still has work to
/// do on it, the gateway's <see cref="Payload"/>, and the <see cref="Version"/> an update must name.
/// <see cref="InputFileId"/> is the file the batch reads: while the batch is open that file cannot be deleted, and a
/// batch cannot be created on a file that is gone (null for records made before the store kept it, and for none).
/// </summary>
public sealed record StoredBatch(string BatchId, string Status, bool Open, byte[] Payload, DateTimeOffset CreatedAt, long Version = 1, string? InputFileId = null);

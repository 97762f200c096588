namespace Mosaic.Storage.Batches;

/// <summary>
/// A batch record: <see cref="Status"/> for people and queries, <see cref="Open"/> while some gateway still has work to
/// do on it, the gateway's <see cref="Payload"/>, and the <see cref="Version"/> an update must name.
/// </summary>
public sealed record StoredBatch(string BatchId, string Status, bool Open, byte[] Payload, DateTimeOffset CreatedAt, long Version = 1);

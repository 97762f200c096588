namespace Mosaic.Storage.Batches;

/// <summary>A file as uploaded (or written by a batch): its id, name, purpose, creation time and bytes.</summary>
public sealed record StoredFile(string FileId, string FileName, string Purpose, DateTimeOffset CreatedAt, byte[] Content);

namespace Mosaic.Storage.Batches;

/// <summary>A file's metadata, without its bytes.</summary>
public sealed record StoredFileInfo(string FileId, string FileName, string Purpose, long Bytes, DateTimeOffset CreatedAt);

using Mosaic.Storage.Jobs;

namespace Mosaic.Storage.Batches;

/// <summary>Argument checks shared by every <see cref="IBatchStore"/>, so the three behave identically.</summary>
internal static class BatchRows
{
    public const int MaxNameLength = 1024;
    public const int MaxLabelLength = 64;

    public static void CheckId(string id, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id, name);
        if (id.Length > MosaicStorage.MaxIdLength)
        {
            throw new ArgumentException($"{name} is {id.Length} characters long; the limit is {MosaicStorage.MaxIdLength}.", name);
        }
    }

    public static StoredFile Check(StoredFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        CheckId(file.FileId, "fileId");
        ArgumentNullException.ThrowIfNull(file.FileName, nameof(file));
        ArgumentNullException.ThrowIfNull(file.Content, nameof(file));
        CheckLength(file.FileName, MaxNameLength, "file name");
        CheckLabel(file.Purpose, "purpose");
        return file with { CreatedAt = JobTime.Normalize(file.CreatedAt) };
    }

    public static StoredBatch Check(StoredBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        CheckId(batch.BatchId, "batchId");
        CheckLabel(batch.Status, "status");
        ArgumentNullException.ThrowIfNull(batch.Payload, nameof(batch));
        if (batch.InputFileId is { } input)
        {
            CheckId(input, "inputFileId");
        }

        return batch with { CreatedAt = JobTime.Normalize(batch.CreatedAt), Version = 1 };
    }

    public static void CheckUpdate(string batchId, string status, byte[] payload)
    {
        CheckId(batchId, nameof(batchId));
        CheckLabel(status, nameof(status));
        ArgumentNullException.ThrowIfNull(payload);
    }

    public static void CheckPage(string? after, int limit)
    {
        if (after is not null)
        {
            CheckId(after, nameof(after));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(limit);
    }

    public static void CheckPurpose(string? purpose)
    {
        if (purpose is not null)
        {
            CheckLabel(purpose, nameof(purpose));
        }
    }

    private static void CheckLabel(string value, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        CheckLength(value, MaxLabelLength, name);
    }

    private static void CheckLength(string value, int limit, string name)
    {
        if (value.Length > limit)
        {
            throw new ArgumentException($"The {name} is {value.Length} characters long; the limit is {limit}.", name);
        }
    }
}
